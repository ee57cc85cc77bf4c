package dev.converge.portal.platform.storage;

import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import static dev.converge.portal.platform.storage.StorageTestSupport.NOW;
import static dev.converge.portal.platform.storage.StorageTestSupport.generated;
import static dev.converge.portal.platform.storage.StorageTestSupport.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against a real S3 server (the sandbox's embedded s3proxy, filesystem store). */
class ArtifactStoreTests {

    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path directory;

    static EmbeddedS3Server server;
    static MinioClient client;
    static ArtifactStore store;

    @BeforeAll
    static void startStorage() {
        server = EmbeddedS3Server.filesystem(directory.resolve("s3")).start();
        client = StorageTestSupport.client(server);
        store = StorageTestSupport.store(client);
        store.ensureBuckets();
    }

    @AfterAll
    static void stopStorage() throws Exception {
        client.close();
        server.stop();
    }

    @Test
    void createsBothBucketsWithTheirConfiguredNames() throws Exception {
        store.ensureBuckets(); // idempotent

        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("models").build())).isTrue();
        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("rag-documents").build())).isTrue();
        assertThat(store.bucketName(Bucket.DOCUMENTS)).isEqualTo("rag-documents");
    }

    @Test
    void streamsALargeFileOfUnknownSizeInPartsAndRecordsItsSha256() throws Exception {
        long size = 21 * MIB + 123;
        var expectedSha = sha256(generated(size, 42));
        var trace = new ByteArrayOutputStream();
        client.traceOn(trace);
        StoredObject stored;
        try {
            stored = store.put(Bucket.ARTIFACTS, "teams/vision/resnet/1/model.onnx", generated(size, 42),
                    ArtifactStore.UNKNOWN_SIZE, "application/octet-stream", "dev");
        } finally {
            client.traceOff();
        }

        assertThat(trace.toString(StandardCharsets.UTF_8)).contains("uploadId=").contains("partNumber=2");
        assertThat(stored.key()).isEqualTo("teams/vision/resnet/1/model.onnx");
        assertThat(stored.size()).isEqualTo(size);
        assertThat(stored.sha256()).isEqualTo(expectedSha);
        assertThat(stored.contentType()).isEqualTo("application/octet-stream");
        assertThat(stored.uploadedBy()).isEqualTo("dev");
        assertThat(stored.uploadedAt()).isEqualTo(NOW);
        assertThat(stored.etag()).isNotBlank();
        assertThat(stored.lastModified()).isNotNull();
        assertThat(store.stat(Bucket.ARTIFACTS, stored.key())).isEqualTo(stored);
        try (var content = store.get(Bucket.ARTIFACTS, stored.key())) {
            assertThat(content.object()).isEqualTo(stored);
            assertThat(sha256(content.stream())).isEqualTo(expectedSha);
        }
        // What other S3 tools see: plain user metadata, keys capitalised by the server
        var raw = client.statObject(StatObjectArgs.builder().bucket("models").object(stored.key()).build());
        assertThat(raw.userMetadata().getFirst("Sha256")).isEqualTo(expectedSha);
        assertThat(raw.userMetadata().getFirst("Size")).isEqualTo(Long.toString(size));
        assertThat(stagingObjects()).isEmpty();
    }

    @Test
    void storesAKnownSizeUploadWithItsContentTypeAndAnUploaderOutsideAscii() throws Exception {
        var bytes = "{\"weights\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8);

        var stored = store.put(Bucket.DOCUMENTS, "teams/language/docs/guide.json", new ByteArrayInputStream(bytes),
                bytes.length, "application/json", "Zoë 100%");

        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(stored.contentType()).isEqualTo("application/json");
        assertThat(stored.uploadedBy()).isEqualTo("Zoë 100%");
        assertThat(stored.sha256()).isEqualTo(sha256(new ByteArrayInputStream(bytes)));
    }

    @Test
    void anUploadBeforeTheBucketsWereProvisionedMakesThemFirst() throws Exception {
        var fresh = EmbeddedS3Server.filesystem(directory.resolve("s3-fresh"));
        fresh.start();
        try (var freshClient = StorageTestSupport.client(fresh)) {
            var early = StorageTestSupport.store(freshClient); // no ensureBuckets(): the provisioner has not run yet
            var bytes = "first upload right after start".getBytes(StandardCharsets.UTF_8);

            var stored = early.put(Bucket.ARTIFACTS, "teams/vision/early/1/model.onnx", new ByteArrayInputStream(bytes),
                    bytes.length, null, "dev");

            assertThat(stored.size()).isEqualTo(bytes.length);
            assertThat(freshClient.bucketExists(BucketExistsArgs.builder().bucket("models").build())).isTrue();
        } finally {
            fresh.stop();
        }
    }

    @Test
    void listsUnderAPrefixPageByPageInKeyOrder() {
        for (var name : List.of("c", "a", "e", "b", "d")) {
            putText("teams/paging/" + name + ".bin", name);
        }
        putText("teams/other/x.bin", "x");

        var keys = new ArrayList<String>();
        var pages = 0;
        String cursor = null;
        do {
            var page = store.list(Bucket.ARTIFACTS, "teams/paging/", cursor, 2);
            assertThat(page.objects()).hasSizeLessThanOrEqualTo(2);
            page.objects().forEach(object -> keys.add(object.key()));
            cursor = page.nextStartAfter();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(keys).containsExactly("teams/paging/a.bin", "teams/paging/b.bin", "teams/paging/c.bin",
                "teams/paging/d.bin", "teams/paging/e.bin");
        var single = store.list(Bucket.ARTIFACTS, "teams/other/", null, 10);
        assertThat(single.hasNext()).isFalse();
        assertThat(single.objects()).singleElement().satisfies(object -> {
            assertThat(object.size()).isEqualTo(1);
            assertThat(object.etag()).isNotBlank();
        });
    }

    @Test
    void deletesAnObjectAndReportsItMissingAfterwards() {
        putText("teams/vision/old/1/model.bin", "old");

        store.delete(Bucket.ARTIFACTS, "teams/vision/old/1/model.bin");

        assertThatThrownBy(() -> store.stat(Bucket.ARTIFACTS, "teams/vision/old/1/model.bin"))
                .isInstanceOf(ObjectNotFound.class)
                .hasMessage("Object not found: teams/vision/old/1/model.bin");
        assertThatThrownBy(() -> store.get(Bucket.ARTIFACTS, "teams/vision/old/1/model.bin"))
                .isInstanceOf(ObjectNotFound.class);
        store.delete(Bucket.ARTIFACTS, "teams/vision/old/1/model.bin"); // again: no error
    }

    @Test
    void presignedUrlsWorkWithAPlainHttpClient() throws Exception {
        putText("teams/vision/presigned/get.txt", "hello from S3");
        var http = HttpClient.newHttpClient();

        var get = store.presignedGet(Bucket.ARTIFACTS, "teams/vision/presigned/get.txt", Duration.ofMinutes(5));
        var download = http.send(HttpRequest.newBuilder(get).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("hello from S3");

        var put = store.presignedPut(Bucket.ARTIFACTS, "teams/vision/presigned/put.txt", Duration.ofMinutes(5));
        var upload = http.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofString("uploaded"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(200);
        var stored = store.stat(Bucket.ARTIFACTS, "teams/vision/presigned/put.txt");
        assertThat(stored.size()).isEqualTo(8);
        assertThat(stored.sha256()).as("a presigned PUT bypasses the portal's metadata").isNull();

        var plainUrl = server.endpoint().resolve("/models/teams/vision/presigned/get.txt");
        var unsigned = http.send(HttpRequest.newBuilder(plainUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }

    @Test
    void anUploadThatBreaksMidwayLeavesNothingBehind() throws Exception {
        var key = "teams/vision/broken/1/model.bin";

        assertThatThrownBy(() -> store.put(Bucket.ARTIFACTS, key, StorageTestSupport.failingAfter(20 * MIB),
                ArtifactStore.UNKNOWN_SIZE, null, "dev"))
                .isInstanceOf(UploadFailed.class)
                .hasMessage("The upload was interrupted before the end of the file");

        assertThat(store.list(Bucket.ARTIFACTS, "teams/vision/broken/", null, 10).objects()).isEmpty();
        assertThatThrownBy(() -> store.stat(Bucket.ARTIFACTS, key)).isInstanceOf(ObjectNotFound.class);
        assertThat(stagingObjects()).isEmpty();
    }

    @Test
    void aFileShorterThanItsDeclaredSizeIsRejected() {
        var key = "teams/vision/short/1/model.bin";

        assertThatThrownBy(() -> store.put(Bucket.ARTIFACTS, key, new ByteArrayInputStream(new byte[100]), 1000,
                null, "dev"))
                .isInstanceOf(UploadFailed.class)
                .hasMessage("The file is shorter than its declared size of 1000 bytes");
        assertThatThrownBy(() -> store.stat(Bucket.ARTIFACTS, key)).isInstanceOf(ObjectNotFound.class);
    }

    @Test
    void aStreamLongerThanItsDeclaredSizeStoresAndHashesTheDeclaredBytesOnly() throws Exception {
        var bytes = new byte[100];
        Arrays.fill(bytes, 50, 100, (byte) 1);

        var stored = store.put(Bucket.ARTIFACTS, "teams/vision/long/1/model.bin", new ByteArrayInputStream(bytes), 50,
                null, "dev");

        assertThat(stored.size()).isEqualTo(50);
        assertThat(stored.sha256()).isEqualTo(sha256(new ByteArrayInputStream(bytes, 0, 50)));
    }

    @Test
    void rejectsKeysOutsideThePortalsSpace() {
        assertThatThrownBy(() -> store.stat(Bucket.ARTIFACTS, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("An object key is required");
        var empty = new ByteArrayInputStream(new byte[0]);
        assertThatThrownBy(() -> store.put(Bucket.ARTIFACTS, ".staging/x", empty, 0, null, "dev"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignedGet(Bucket.ARTIFACTS, "a", Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 second and 7 days");
    }

    private void putText(String key, String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        store.put(Bucket.ARTIFACTS, key, new ByteArrayInputStream(bytes), bytes.length, "text/plain", "dev");
    }

    private List<String> stagingObjects() throws Exception {
        var keys = new ArrayList<String>();
        for (var result : client.listObjects(ListObjectsArgs.builder().bucket("models")
                .prefix(ArtifactStore.STAGING_PREFIX).recursive(true).build())) {
            keys.add(result.get().objectName());
        }
        return keys;
    }
}
