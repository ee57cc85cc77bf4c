package dev.converge.portal.platform.storage;

/** The object does not exist. */
public final class ObjectNotFound extends StorageException {

    private ObjectNotFound(String code, String english, Throwable cause, Object... arguments) {
        super(code, english, cause, arguments);
    }

    public static ObjectNotFound key(String key, Throwable cause) {
        return new ObjectNotFound("storage.error.notFound", "Object not found: " + key, cause, key);
    }
}
