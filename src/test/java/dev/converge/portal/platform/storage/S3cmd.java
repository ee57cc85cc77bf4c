package dev.converge.portal.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code s3cmd}, a real S3 client, configured for a storage endpoint, to check what the portal stored from
 * the outside. Tests that use it are skipped, with the reason, where it is not installed.
 */
public final class S3cmd implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/s3cmd");

    private final Path config;

    private S3cmd(Path config) {
        this.config = config;
    }

    /** An s3cmd signed in to {@code endpoint} (plain HTTP), or skips the calling test. */
    public static S3cmd forEndpointOrSkip(StorageEndpoint endpoint) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "s3cmd is not installed (/usr/bin/s3cmd): skipping the check with a real S3 client");
        var hostPort = endpoint.uri().getHost() + ":" + endpoint.uri().getPort();
        var config = Path.of("target", "s3cmd", UUID.randomUUID() + ".s3cfg");
        Files.createDirectories(config.getParent());
        Files.writeString(config, String.join("\n",
                "[default]",
                "access_key = " + endpoint.accessKey(),
                "secret_key = " + endpoint.secretKey(),
                "host_base = " + hostPort,
                "host_bucket = " + hostPort,
                "use_https = False",
                "bucket_location = " + endpoint.region(),
                ""));
        return new S3cmd(config);
    }

    /** Runs s3cmd with these arguments, asserts it succeeded and returns what it printed. */
    public String run(String... arguments) throws Exception {
        var command = new ArrayList<>(List.of(BINARY.toString(), "-c", config.toString()));
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var finished = process.waitFor(60, TimeUnit.SECONDS);
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("s3cmd finished").isTrue();
        assertThat(process.exitValue()).as("s3cmd exit code, output: %s", output).isZero();
        return output;
    }

    @Override
    public void close() throws Exception {
        Files.deleteIfExists(config);
    }
}
