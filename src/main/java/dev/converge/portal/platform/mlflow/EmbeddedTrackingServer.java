package dev.converge.portal.platform.mlflow;

import java.net.URI;

/**
 * An MLflow tracking server the portal runs itself: the sandbox's. The MLflow client configuration sees only this
 * seam, so nothing in production depends on the sandbox module that implements it.
 */
public interface EmbeddedTrackingServer {

    /** The {@code MLFLOW_TRACKING_URI} to reach it with, such as {@code http://127.0.0.1:41234}; started by then. */
    URI trackingUri();
}
