package dev.converge.portal.platform.storage;

import java.util.Set;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;

/** Turns MinIO's exceptions into the storage package's few plain ones. */
final class StorageErrors {

    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private StorageErrors() {
    }

    static StorageException translate(MinioException e, String bucket, String key) {
        if (e instanceof ErrorResponseException response) {
            var code = response.errorResponse().code();
            if (NOT_FOUND.contains(code)) {
                return new ObjectNotFoundException(key, e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new StorageUnavailableException("Object storage bucket " + bucket + " is missing", e);
            }
            return new StorageUnavailableException("Object storage refused the request (" + code + ")", e);
        }
        return new StorageUnavailableException("Object storage unreachable", e);
    }
}
