package dev.converge.portal.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real S3 client, {@code s3cmd}, sees what the portal stored, metadata included. */
class S3cmdTests {

    private static final Path S3CMD = Path.of("/usr/bin/s3cmd");

    @TempDir
    static Path directory;

    static EmbeddedS3Server server;
    static MinioClient client;
    static ArtifactStore store;
    static Path config;

    @BeforeAll
    static void startStorage() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(S3CMD),
                "s3cmd is not installed (/usr/bin/s3cmd): skipping the check with a real S3 client");
        server = EmbeddedS3Server.filesystem(directory.resolve("s3")).start();
        client = StorageTestSupport.client(server);
        store = StorageTestSupport.store(client);
        store.ensureBuckets();
        var hostPort = server.endpoint().getHost() + ":" + server.endpoint().getPort();
        config = Path.of("target", "s3cmd", UUID.randomUUID() + ".s3cfg");
        Files.createDirectories(config.getParent());
        Files.writeString(config, String.join("\n",
                "[default]",
                "access_key = " + server.accessKey(),
                "secret_key = " + server.secretKey(),
                "host_base = " + hostPort,
                "host_bucket = " + hostPort,
                "use_https = False",
                "bucket_location = us-east-1",
                ""));
    }

    @AfterAll
    static void stopStorage() throws Exception {
        if (server != null) {
            client.close();
            server.stop();
            Files.deleteIfExists(config);
        }
    }

    @Test
    void listsAnUploadedObjectAndShowsItsMetadata() throws Exception {
        var bytes = "model weights".getBytes(StandardCharsets.UTF_8);
        var stored = store.put(Bucket.ARTIFACTS, "teams/vision/detector/2/model.pt",
                new ByteArrayInputStream(bytes), ArtifactStore.UNKNOWN_SIZE, "application/x-pytorch", "dev");

        var listing = s3cmd("ls", "--recursive", "s3://models/teams/vision/");
        assertThat(listing).contains("s3://models/teams/vision/detector/2/model.pt").doesNotContain(".staging");

        var info = s3cmd("info", "s3://models/teams/vision/detector/2/model.pt");
        assertThat(info).containsIgnoringCase("x-amz-meta-sha256: " + stored.sha256())
                .containsIgnoringCase("x-amz-meta-uploaded-by: dev")
                .containsIgnoringCase("x-amz-meta-size: " + bytes.length)
                .contains("application/x-pytorch");
    }

    private static String s3cmd(String... arguments) throws Exception {
        var command = new ArrayList<>(List.of(S3CMD.toString(), "-c", config.toString()));
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var finished = process.waitFor(60, TimeUnit.SECONDS);
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("s3cmd finished").isTrue();
        assertThat(process.exitValue()).as("s3cmd exit code, output: %s", output).isZero();
        return output;
    }
}
