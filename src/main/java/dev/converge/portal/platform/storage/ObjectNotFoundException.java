package dev.converge.portal.platform.storage;

/** The object (or its bucket) does not exist. */
public final class ObjectNotFoundException extends StorageException {

    public ObjectNotFoundException(String key, Throwable cause) {
        super("Object not found: " + key, cause);
    }
}
