package dev.converge.portal.platform.kubernetes;

import io.fabric8.kubernetes.client.Config;

/**
 * A Kubernetes API server the portal runs itself: the sandbox cluster. The client factory sees only this seam, so
 * nothing in production depends on the sandbox module that implements it.
 */
public interface EmbeddedApiServer {

    /** How to reach it, as a fabric8 client configuration. */
    Config clientConfig();
}
