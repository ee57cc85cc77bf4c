package dev.converge.portal.artifacts;

import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import dev.converge.portal.platform.storage.StorageTestSupport;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/**
 * Uploads that go wrong halfway, against a real S3 server: object storage going away and the browser giving up.
 * Either way the user gets a plain sentence and nothing is left listed.
 */
class ArtifactsStorageFaultsTests {

    private static final long MIB = 1024 * 1024;
    private static final CurrentUser DEV = new CurrentUser("dev", EnumSet.of(Role.DEVELOPER),
            new TreeSet<>(java.util.Set.of("vision")), new TreeSet<>(java.util.Set.of("vision")));

    @TempDir
    static Path directory;

    static EmbeddedS3Server server;
    static MinioClient client;
    static Artifacts artifacts;

    @BeforeAll
    static void startStorage() {
        server = EmbeddedS3Server.filesystem(directory.resolve("s3")).start();
        client = StorageTestSupport.client(server);
        var store = StorageTestSupport.store(client);
        store.ensureBuckets();
        var properties = StorageTestSupport.properties(Map.of(
                "portal.security.users[0].username", "dev", "portal.security.users[0].password", "{noop}x",
                "portal.security.users[0].roles", "DEVELOPER", "portal.security.users[0].teams", "vision"));
        artifacts = new Artifacts(store, new TeamDirectory(properties), mock(AuditLog.class), properties);
    }

    @AfterAll
    static void stopStorage() throws Exception {
        client.close();
        server.stop();
    }

    @Test
    void storageGoingAwayMidUploadIsA503WithAPlainMessageAndLeavesNothingListed() {
        var content = stopsTheServerAfter(6 * MIB, 40 * MIB);

        assertThatThrownBy(() -> artifacts.upload(DEV, upload("outage", content, ArtifactStore.UNKNOWN_SIZE)))
                .isInstanceOfSatisfying(ArtifactStorageFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    // The detail's argument is the storage failure itself, a message Spring resolves from its key.
                    var reason = (org.springframework.context.MessageSourceResolvable) failure.detailArgs()[0];
                    assertThat(reason.getCodes()).containsExactly("storage.error.unreachable");
                    assertThat(reason.getDefaultMessage()).startsWith("Object storage").doesNotContain("Exception");
                });

        server.start();
        assertThat(artifacts.list(DEV, "vision", "outage", 0, 20).items()).isEmpty();
    }

    @Test
    void anUploadTheBrowserCancelsMidwayLeavesNothingListed() {
        var cancelled = StorageTestSupport.failingAfter(7 * MIB);

        assertThatThrownBy(() -> artifacts.upload(DEV, upload("cancelled", cancelled, 20 * MIB)))
                .isInstanceOfSatisfying(ArtifactStorageFailure.class, failure ->
                        assertThat(failure.status()).isEqualTo(HttpStatus.BAD_REQUEST));

        assertThat(artifacts.list(DEV, "vision", "cancelled", 0, 20).items()).isEmpty();
    }

    private static ArtifactUpload upload(String name, InputStream content, long size) {
        return new ArtifactUpload("vision", name, "1", "model.bin", "application/octet-stream", size,
                () -> content);
    }

    /** Model bytes that stop the S3 server once {@code afterBytes} have been read, as an outage would. */
    private static InputStream stopsTheServerAfter(long afterBytes, long size) {
        var bytes = StorageTestSupport.generated(size, 11);
        return new InputStream() {
            private long read;
            private CompletableFuture<Void> stopped;

            @Override
            public int read() throws IOException {
                var buffer = new byte[1];
                return read(buffer, 0, 1) < 0 ? -1 : buffer[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (read >= afterBytes) {
                    if (stopped == null) {
                        stopped = CompletableFuture.runAsync(server::stop);
                    }
                    stopped.join(); // the next bytes go to a server that is gone
                }
                int n = bytes.read(buffer, offset, length);
                read += Math.max(n, 0);
                return n;
            }
        };
    }
}
