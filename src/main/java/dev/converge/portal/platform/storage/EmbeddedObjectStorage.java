package dev.converge.portal.platform.storage;

import java.net.URI;

/**
 * An S3 server the portal runs itself: the sandbox's. Object storage code sees only this seam, so nothing in
 * production depends on the sandbox module that implements it.
 */
public interface EmbeddedObjectStorage extends AutoCloseable {

    /** Starts listening (again); the port stays the same across restarts. */
    EmbeddedObjectStorage start();

    void stop();

    boolean isRunning();

    URI endpoint();

    String accessKey();

    String secretKey();

    @Override
    default void close() {
        stop();
    }
}
