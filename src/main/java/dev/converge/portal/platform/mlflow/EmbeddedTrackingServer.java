package dev.converge.portal.platform.mlflow;

import java.net.URI;

/**
 * An MLflow tracking server the portal runs itself: the sandbox's. The MLflow code sees only this seam, so nothing in
 * production depends on the sandbox module that implements it.
 */
public interface EmbeddedTrackingServer {

    /** What {@code MLFLOW_TRACKING_URI} is for it, e.g. {@code http://127.0.0.1:5005}. */
    URI trackingUri();
}
