package dev.converge.portal.platform.storage;

/** Object storage could not be reached or refused the request; retrying later may succeed. */
public final class StorageUnavailableException extends StorageException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
