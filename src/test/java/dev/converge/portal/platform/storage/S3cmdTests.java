package dev.converge.portal.platform.storage;

import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real S3 client, {@code s3cmd}, sees what the portal stored, metadata included. */
class S3cmdTests {

    @TempDir
    static Path directory;

    static EmbeddedS3Server server;
    static MinioClient client;
    static ArtifactStore store;
    static S3cmd s3cmd;

    @BeforeAll
    static void startStorage() throws Exception {
        server = EmbeddedS3Server.filesystem(directory.resolve("s3"));
        s3cmd = S3cmd.forEndpointOrSkip(StorageTestSupport.endpoint(server.start()));
        client = StorageTestSupport.client(server);
        store = StorageTestSupport.store(client);
        store.ensureBuckets();
    }

    @AfterAll
    static void stopStorage() throws Exception {
        if (client != null) {
            client.close();
            s3cmd.close();
        }
        server.stop();
    }

    @Test
    void listsAnUploadedObjectAndShowsItsMetadata() throws Exception {
        var bytes = "model weights".getBytes(StandardCharsets.UTF_8);
        var stored = store.put(Bucket.ARTIFACTS, "teams/vision/detector/2/model.pt",
                new ByteArrayInputStream(bytes), ArtifactStore.UNKNOWN_SIZE, "application/x-pytorch", "dev");

        var listing = s3cmd.run("ls", "--recursive", "s3://models/teams/vision/");
        assertThat(listing).contains("s3://models/teams/vision/detector/2/model.pt").doesNotContain(".staging");

        var info = s3cmd.run("info", "s3://models/teams/vision/detector/2/model.pt");
        assertThat(info).containsIgnoringCase("x-amz-meta-sha256: " + stored.sha256())
                .containsIgnoringCase("x-amz-meta-uploaded-by: dev")
                .containsIgnoringCase("x-amz-meta-size: " + bytes.length)
                .contains("application/x-pytorch");
    }
}
