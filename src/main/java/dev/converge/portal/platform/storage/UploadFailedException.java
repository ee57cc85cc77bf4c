package dev.converge.portal.platform.storage;

/**
 * The content being uploaded could not be read to its end (the browser cancelled, the connection dropped, the size
 * did not match). Nothing was stored under the requested key.
 */
public final class UploadFailedException extends StorageException {

    public UploadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
