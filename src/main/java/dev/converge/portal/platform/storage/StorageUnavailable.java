package dev.converge.portal.platform.storage;

/** Object storage could not be reached or refused the request; retrying later may succeed. */
public final class StorageUnavailable extends StorageException {

    private StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public static StorageUnavailable unreachable(Throwable cause) {
        return new StorageUnavailable("Object storage unreachable", cause);
    }

    public static StorageUnavailable refused(String errorCode, Throwable cause) {
        return new StorageUnavailable("Object storage refused the request (" + errorCode + ")", cause);
    }

    public static StorageUnavailable bucketMissing(String bucket, Throwable cause) {
        return new StorageUnavailable("Object storage bucket " + bucket + " is missing", cause);
    }

    public static StorageUnavailable failed(Throwable cause) {
        return new StorageUnavailable("Object storage request failed", cause);
    }
}
