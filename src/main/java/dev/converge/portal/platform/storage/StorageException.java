package dev.converge.portal.platform.storage;

/**
 * Base of the few failures object storage reports to features. Messages are plain sentences safe to show a user;
 * MinIO's own exceptions never leave this package.
 */
public abstract class StorageException extends RuntimeException {

    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
