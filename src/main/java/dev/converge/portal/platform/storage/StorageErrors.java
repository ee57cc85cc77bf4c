package dev.converge.portal.platform.storage;

import java.io.IOException;
import java.util.Set;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;

/**
 * Turns what the MinIO client throws into the storage package's few plain exceptions. Besides its own
 * {@link MinioException}s, the 9.x client reports network failures as an {@link IllegalStateException} around the
 * {@link IOException}.
 */
final class StorageErrors {

    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private StorageErrors() {
    }

    static RuntimeException translate(Exception e, String bucket, String key) {
        if (e instanceof StorageException || e instanceof IllegalArgumentException) {
            return (RuntimeException) e; // already plain, or a bad argument from the caller
        }
        if (e instanceof ErrorResponseException response) {
            var code = response.errorResponse().code();
            if (NOT_FOUND.contains(code)) {
                return ObjectNotFound.key(key, e);
            }
            if ("NoSuchBucket".equals(code)) {
                return StorageUnavailable.bucketMissing(bucket, e);
            }
            return StorageUnavailable.refused(code, e);
        }
        if (e instanceof MinioException || causedByIo(e)) {
            return StorageUnavailable.unreachable(e);
        }
        return StorageUnavailable.failed(e);
    }

    private static boolean causedByIo(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
