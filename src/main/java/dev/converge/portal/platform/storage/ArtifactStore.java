package dev.converge.portal.platform.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.PortalProperties;
import io.minio.BucketExistsArgs;
import io.minio.ComposeObjectArgs;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.HeadObjectResponse;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The portal's gateway to object storage: the artifacts and documents buckets, streamed uploads that record a
 * SHA-256, reads, listings, deletes and presigned URLs. Failures surface as {@link StorageException}s with plain
 * messages.
 * <p>
 * <b>Why uploads go through a staging key.</b> S3 user metadata is fixed when an object is written, but the SHA-256
 * of a stream is known only after its last byte. So the content is first streamed (multipart when large, one part
 * buffered at a time) to {@code .staging/<uuid>} while being hashed, then copied server-side to the final key with
 * the metadata attached, and the staging object is deleted. The final key therefore appears atomically and only with
 * its metadata: a failed or cancelled upload leaves nothing under it. The alternatives were worse: buffering to a
 * local temp file needs disk the size of the largest artifact and writes every byte twice through the portal, and
 * S3's own checksum headers give a composite per-part value for multipart uploads, not the file's SHA-256. Staging
 * leftovers from a crash mid-upload are swept at start; incomplete multipart parts are not listed as objects (a
 * bucket lifecycle rule AbortIncompleteMultipartUpload reclaims them on a real MinIO).
 */
@Component
public class ArtifactStore {

    /** Passed as the size of a stream whose length is not known in advance. */
    public static final long UNKNOWN_SIZE = -1;

    static final String STAGING_PREFIX = ".staging/";

    private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);
    /** Memory held per upload; with S3's 10,000 parts this allows streams of unknown size up to 156 GiB. */
    private static final long PART_SIZE = 16L * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final long MAX_SINGLE_COPY_SIZE = 5L * 1024 * 1024 * 1024;
    private static final int MAX_KEY_BYTES = 1024;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final MinioClient client;
    private final Clock clock;
    private final Map<Bucket, String> bucketNames = new EnumMap<>(Bucket.class);
    /** Set once every bucket was seen or made: an upload that comes before the provisioner ran makes them first. */
    private volatile boolean bucketsEnsured;

    @Autowired // the other constructor serves forDocuments
    public ArtifactStore(MinioClient client, PortalProperties properties, Clock clock) {
        this.client = client;
        this.clock = clock;
        bucketNames.put(Bucket.ARTIFACTS, properties.storage().artifactsBucket());
        bucketNames.put(Bucket.DOCUMENTS, properties.storage().documentsBucket());
    }

    private ArtifactStore(MinioClient client, String documentsBucket, Clock clock) {
        this.client = client;
        this.clock = clock;
        bucketNames.put(Bucket.DOCUMENTS, documentsBucket);
    }

    /**
     * A store of one documents bucket on an S3 endpoint, outside the portal's Spring context: the RAG runtime role
     * has no {@link PortalProperties}. Only {@link Bucket#DOCUMENTS} can be used with it.
     */
    public static ArtifactStore forDocuments(String endpoint, String accessKey, String secretKey, String region,
            String documentsBucket, Clock clock) {
        return new ArtifactStore(StorageConfiguration.connect(StorageConfiguration.parseEndpoint(endpoint),
                accessKey, secretKey, region), documentsBucket, clock);
    }

    /** The configured name of a bucket, e.g. for a build pod that fetches from it. */
    public String bucketName(Bucket bucket) {
        return bucketNames.get(bucket);
    }

    /** Creates whichever of the portal's buckets is missing. */
    public void ensureBuckets() {
        for (var name : bucketNames.values()) {
            call(name, name, () -> {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(name).build())) {
                    makeBucket(name);
                }
                return null;
            });
        }
        bucketsEnsured = true;
    }

    private void makeBucket(String name) throws MinioException {
        try {
            client.makeBucket(MakeBucketArgs.builder().bucket(name).build());
            log.info("Created object storage bucket {}", name);
        } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) { // else another replica won the race
                throw e;
            }
        }
    }

    /**
     * Streams {@code content} to {@code key}, recording its SHA-256, size, content type, uploader and time. The
     * stream is read once and never held whole in memory; the caller closes it.
     *
     * @param size the exact length, or {@link #UNKNOWN_SIZE}
     * @throws UploadFailed if {@code content} fails before its end; nothing is stored
     * @throws StorageUnavailable if storage fails; nothing is stored under {@code key}
     */
    public StoredObject put(Bucket bucket, String key, InputStream content, long size, String contentType,
            String uploadedBy) {
        checkKey(key);
        if (size < 0 && size != UNKNOWN_SIZE) {
            throw new IllegalArgumentException("Size must be positive or UNKNOWN_SIZE, was " + size);
        }
        if (uploadedBy == null || uploadedBy.isBlank()) {
            throw new IllegalArgumentException("The uploader must be named");
        }
        if (!bucketsEnsured) { // the content can be streamed once only: the bucket must exist before it is read
            ensureBuckets();
        }
        var name = bucketName(bucket);
        var type = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
        var staging = STAGING_PREFIX + UUID.randomUUID();
        var source = new HashingInputStream(content, size);
        try {
            client.putObject(PutObjectArgs.builder().bucket(name).object(staging)
                    .stream(source, size == UNKNOWN_SIZE ? -1 : size, partSize(size))
                    .contentType(type)
                    .parallelUploads(1) // one part buffered at a time
                    .build());
            var metadata = ObjectMetadata.of(source.sha256(), source.count(), uploadedBy, clock.instant());
            publish(name, staging, key, type, metadata, source.count());
        } catch (MinioException | RuntimeException e) {
            throw failedUpload(source, size, name, staging, StorageErrors.translate(e, name, key));
        }
        removeQuietly(name, staging);
        return stat(bucket, key);
    }

    /**
     * Copies the staged upload to its final key with the metadata, server-side. A single copy replaces the metadata
     * (it must say so: S3's default is to copy the source's); beyond S3's 5 GiB copy limit a multipart copy is needed,
     * whose metadata is set when it is created.
     */
    private void publish(String bucket, String staging, String key, String contentType, Map<String, String> metadata,
            long size) throws MinioException {
        var source = SourceObject.builder().bucket(bucket).object(staging).build();
        var contentTypeHeader = Map.of("Content-Type", contentType);
        if (size <= MAX_SINGLE_COPY_SIZE) {
            client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(key).source(source)
                    .metadataDirective(Directive.REPLACE).headers(contentTypeHeader).userMetadata(metadata).build());
        } else {
            client.composeObject(ComposeObjectArgs.builder().bucket(bucket).object(key)
                    .sources(new ArrayList<>(List.of(source))) // mutable: the client replaces it with a stat'ed copy
                    .headers(contentTypeHeader).userMetadata(metadata).build());
        }
    }

    /** Opens an object for reading; close the returned content. */
    public ObjectContent get(Bucket bucket, String key) {
        checkKey(key);
        var name = bucketName(bucket);
        return call(name, key, () -> {
            var response = client.getObject(GetObjectArgs.builder().bucket(name).object(key).build());
            var head = new HeadObjectResponse(response.headers(), name, response.region(), key);
            return new ObjectContent(ObjectMetadata.toStoredObject(key, head), response);
        });
    }

    public StoredObject stat(Bucket bucket, String key) {
        checkKey(key);
        var name = bucketName(bucket);
        return call(name, key, () -> ObjectMetadata.toStoredObject(key,
                client.statObject(StatObjectArgs.builder().bucket(name).object(key).build())));
    }

    /**
     * One page of the objects under {@code prefix}, in key order.
     *
     * @param startAfter null for the first page, then the previous page's {@link ObjectPage#nextStartAfter()}
     */
    public ObjectPage list(Bucket bucket, String prefix, String startAfter, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("Page size must be between 1 and " + MAX_PAGE_SIZE);
        }
        var name = bucketName(bucket);
        var args = ListObjectsArgs.builder().bucket(name).recursive(true)
                .maxKeys(Math.min(pageSize + 1, MAX_PAGE_SIZE)); // one more tells whether a next page exists
        if (prefix != null && !prefix.isEmpty()) {
            args.prefix(prefix);
        }
        if (startAfter != null && !startAfter.isEmpty()) {
            args.startAfter(startAfter);
        }
        return call(name, prefix == null ? "" : prefix, () -> page(args.build(), pageSize));
    }

    private ObjectPage page(ListObjectsArgs args, int pageSize) throws MinioException {
        var objects = new ArrayList<ObjectSummary>(pageSize);
        for (var result : client.listObjects(args)) {
            Item item = result.get();
            if (item.isDir() || item.objectName().startsWith(STAGING_PREFIX)) {
                continue;
            }
            if (objects.size() == pageSize) {
                return new ObjectPage(objects, objects.get(pageSize - 1).key());
            }
            objects.add(new ObjectSummary(item.objectName(), item.size(), ObjectMetadata.unquote(item.etag()),
                    item.lastModified() == null ? null : item.lastModified().toInstant()));
        }
        return new ObjectPage(objects, null);
    }

    /** Deletes an object; deleting one that does not exist is not an error (S3 semantics). */
    public void delete(Bucket bucket, String key) {
        checkKey(key);
        var name = bucketName(bucket);
        call(name, key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(name).object(key).build());
            return null;
        });
    }

    /** A URL anyone holding it can download the object from until {@code expiry} has passed. */
    public URI presignedGet(Bucket bucket, String key, Duration expiry) {
        return presign(Http.Method.GET, bucket, key, expiry);
    }

    /**
     * A URL to upload the object directly with an HTTP PUT until {@code expiry} has passed. Such an upload bypasses
     * the portal, so the object carries no SHA-256 or uploader metadata.
     */
    public URI presignedPut(Bucket bucket, String key, Duration expiry) {
        return presign(Http.Method.PUT, bucket, key, expiry);
    }

    /** Removes staging objects older than {@code age}: leftovers of uploads cut off by a crash. */
    void removeStaleStaging(Duration age) {
        Instant cutoff = clock.instant().minus(age);
        for (var name : bucketNames.values()) {
            call(name, STAGING_PREFIX, () -> {
                for (var result : client.listObjects(ListObjectsArgs.builder().bucket(name)
                        .prefix(STAGING_PREFIX).recursive(true).build())) {
                    var item = result.get();
                    if (item.lastModified() != null && item.lastModified().toInstant().isBefore(cutoff)) {
                        removeQuietly(name, item.objectName());
                    }
                }
                return null;
            });
        }
    }

    private URI presign(Http.Method method, Bucket bucket, String key, Duration expiry) {
        checkKey(key);
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(MAX_PRESIGN_EXPIRY) > 0) {
            throw new IllegalArgumentException("Expiry must be between 1 second and 7 days, was " + expiry);
        }
        var name = bucketName(bucket);
        return call(name, key, () -> URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(method).bucket(name).object(key).expiry((int) expiry.toSeconds(), TimeUnit.SECONDS).build())));
    }

    /** Cleans up after a failed upload and picks what to tell the caller: the source's fault, or storage's. */
    private RuntimeException failedUpload(HashingInputStream source, long size, String bucket, String staging,
            RuntimeException failure) {
        removeQuietly(bucket, staging);
        if (source.sourceFailed()) {
            return UploadFailed.interrupted(failure);
        }
        if (source.endedBefore(size)) {
            return UploadFailed.shorterThanDeclared(size, failure);
        }
        return failure;
    }

    /** Runs one client call, translating whatever it throws into a {@link StorageException}. */
    private static <T> T call(String bucket, String key, MinioCall<T> call) {
        try {
            return call.run();
        } catch (MinioException | RuntimeException e) {
            throw StorageErrors.translate(e, bucket, key);
        }
    }

    @FunctionalInterface
    private interface MinioCall<T> {
        T run() throws MinioException;
    }

    private void removeQuietly(String bucket, String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException | RuntimeException e) {
            log.warn("Could not remove staging object {}/{} (swept at next start): {}", bucket, key, e.toString());
        }
    }

    /** Part size for a stream: fixed for bounded memory, larger only when a known size needs more than 10,000. */
    private static long partSize(long size) {
        if (size == UNKNOWN_SIZE || size <= PART_SIZE * MAX_PARTS) {
            return PART_SIZE;
        }
        return -1; // let the client pick the smallest part size that fits
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("An object key is required");
        }
        if (key.startsWith("/") || key.startsWith(STAGING_PREFIX)) {
            throw new IllegalArgumentException("Object keys may not start with '/' or '" + STAGING_PREFIX + "'");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("Object keys are at most " + MAX_KEY_BYTES + " bytes");
        }
    }
}
