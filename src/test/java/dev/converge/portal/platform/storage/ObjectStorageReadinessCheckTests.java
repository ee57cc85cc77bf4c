package dev.converge.portal.platform.storage;

import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.HealthState;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObjectStorageReadinessCheckTests {

    private final EmbeddedS3Server server = EmbeddedS3Server.inMemory().start();
    private final MinioClient client = StorageTestSupport.client(server);
    private final ArtifactStore store = StorageTestSupport.store(client);
    private final ObjectStorageReadinessCheck check = new ObjectStorageReadinessCheck(store,
            StorageTestSupport.endpoint(server), Duration.ofMillis(200), Duration.ofSeconds(5));

    @AfterEach
    void stop() throws Exception {
        check.destroy();
        client.close();
        server.stop();
    }

    @Test
    void goesDownWhenStorageStopsAndRecoversWhenItReturnsOnTheSamePort() {
        await().atMost(Duration.ofSeconds(20)).until(() -> check.check().isUp()); // a cold client can be slow
        var up = check.check();
        assertThat(check.component()).isEqualTo("objectStorage");
        assertThat(up.summary()).isEqualTo("Object storage reachable");
        assertThat(up.details()).containsEntry("endpoint", server.endpoint().toString())
                .containsEntry("buckets", List.of("models", "rag-documents"))
                .containsEntry("embedded", true);
        assertThat(up.details().toString()).doesNotContain(server.secretKey());

        server.stop();
        await().atMost(Duration.ofSeconds(15)).until(() -> check.check().state() == HealthState.DOWN);
        assertThat(check.check().summary()).isEqualTo("Object storage unreachable");
        assertThatThrownBy(() -> store.put(Bucket.ARTIFACTS, "teams/vision/m/1/f.bin",
                new ByteArrayInputStream(new byte[10]), 10, null, "dev"))
                .isInstanceOf(StorageUnavailable.class)
                .hasMessage("Object storage unreachable");

        server.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> check.check().isUp());
    }

    @Test
    void answersFromItsCacheBetweenProbes() {
        var cachingCheck = new ObjectStorageReadinessCheck(store, StorageTestSupport.endpoint(server),
                Duration.ofMinutes(1), Duration.ofSeconds(5));
        var first = cachingCheck.check();
        server.stop();

        assertThat(cachingCheck.check()).isSameAs(first);
        cachingCheck.destroy();
    }

    @Test
    void aServerThatNeverAnswersDoesNotHoldTheProbe() throws Exception {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var held = new ArrayList<Socket>();
            var acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept and never answer
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            var silentStore = StorageTestSupport.store(new StorageConfiguration().minioClient(
                    StorageEndpoint.external(URI.create("http://127.0.0.1:" + silent.getLocalPort()), "key",
                            "secret-key", "us-east-1")));
            var silentCheck = new ObjectStorageReadinessCheck(silentStore, StorageTestSupport.endpoint(server),
                    Duration.ofSeconds(5), Duration.ofMillis(500));
            try {
                long started = System.nanoTime();
                ComponentHealth health = silentCheck.check();

                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
                assertThat(health.state()).isEqualTo(HealthState.DOWN);
                assertThat(health.summary()).isEqualTo("Object storage not responding");
            } finally {
                silentCheck.destroy();
            }
        }
    }
}
