package dev.converge.portal.platform.storage;

/** The object does not exist. */
public final class ObjectNotFound extends StorageException {

    private ObjectNotFound(String message, Throwable cause) {
        super(message, cause);
    }

    public static ObjectNotFound key(String key, Throwable cause) {
        return new ObjectNotFound("Object not found: " + key, cause);
    }
}
