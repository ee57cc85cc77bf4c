package dev.converge.portal.platform.storage;

/**
 * The content being uploaded could not be read to its end (the browser cancelled, the connection dropped, the file
 * was shorter than declared). Nothing was stored under the requested key.
 */
public final class UploadFailed extends StorageException {

    private UploadFailed(String code, String english, Throwable cause, Object... arguments) {
        super(code, english, cause, arguments);
    }

    public static UploadFailed interrupted(Throwable cause) {
        return new UploadFailed("storage.error.interrupted", "The upload was interrupted before the end of the file", cause);
    }

    public static UploadFailed shorterThanDeclared(long declaredSize, Throwable cause) {
        return new UploadFailed("storage.error.shorter",
                "The file is shorter than its declared size of " + declaredSize + " bytes", cause, declaredSize);
    }
}
