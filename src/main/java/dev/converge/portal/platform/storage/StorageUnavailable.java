package dev.converge.portal.platform.storage;

/** Object storage could not be reached or refused the request; retrying later may succeed. */
public final class StorageUnavailable extends StorageException {

    private StorageUnavailable(String code, String english, Throwable cause, Object... arguments) {
        super(code, english, cause, arguments);
    }

    public static StorageUnavailable unreachable(Throwable cause) {
        return new StorageUnavailable("storage.error.unreachable", "Object storage unreachable", cause);
    }

    public static StorageUnavailable refused(String errorCode, Throwable cause) {
        return new StorageUnavailable("storage.error.refused", "Object storage refused the request (" + errorCode + ")", cause,
                errorCode);
    }

    public static StorageUnavailable bucketMissing(String bucket, Throwable cause) {
        return new StorageUnavailable("storage.error.bucketMissing", "Object storage bucket " + bucket + " is missing", cause,
                bucket);
    }

    public static StorageUnavailable failed(Throwable cause) {
        return new StorageUnavailable("storage.error.failed", "Object storage request failed", cause);
    }
}
