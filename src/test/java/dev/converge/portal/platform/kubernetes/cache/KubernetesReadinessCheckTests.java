package dev.converge.portal.platform.kubernetes.cache;

import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.caches;
import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.shared.health.ComponentHealth;
import dev.converge.portal.shared.health.HealthState;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Readiness follows an API server that goes away and comes back on the same address. */
class KubernetesReadinessCheckTests {

    private int port;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesCaches caches;
    private KubernetesReadinessCheck check;

    @BeforeEach
    void startServerCachesAndProbe() throws IOException {
        port = freePort();
        server = startServer(port);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withNamespace("default")
                .withTrustCerts(true)
                .withRequestRetryBackoffInterval(50)
                .withRequestRetryBackoffLimit(2)
                .withWatchReconnectInterval(100)
                .build()).build();
        caches = caches(client, Map.of());
        check = new KubernetesReadinessCheck(client, ClusterMode.SANDBOX, caches, Clock.systemUTC(),
                Duration.ofMillis(200), Duration.ofSeconds(3));
        caches.start();
        check.start();
    }

    @AfterEach
    void stopAll() {
        check.stop();
        caches.stop();
        client.close();
        server.destroy();
    }

    @Test
    void upOnceReachableAndSynced() {
        var health = awaitState(HealthState.UP);

        assertThat(health.summary()).isEqualTo("Kubernetes reachable (sandbox cluster)");
        assertThat(health.details()).containsEntry("mode", "sandbox")
                .containsEntry("server", "http://127.0.0.1:" + port)
                .containsEntry("reachable", true);
        @SuppressWarnings("unchecked")
        var kinds = (Map<String, Map<String, Object>>) health.details().get("caches");
        assertThat(kinds).containsKeys("Pod", "Deployment", "ReplicaSet", "Service", "HorizontalPodAutoscaler",
                "Node", "Event");
        assertThat(kinds.get("Deployment")).containsEntry("synced", true).containsEntry("watching", true);
    }

    @Test
    void downWhileTheServerIsGoneAndUpAgainWithFreshCachesWhenItReturns() {
        client.resource(model("vision", "before-outage")).create();
        awaitState(HealthState.UP);
        await().until(() -> caches.get(Deployment.class, "vision", "before-outage").isPresent());

        server.destroy();
        await().atMost(Duration.ofSeconds(60)).until(() -> check.check().summary().equals("Kubernetes unreachable"));
        var down = check.check();
        assertThat(down.state()).isEqualTo(HealthState.DOWN);
        assertThat(down.details()).containsEntry("reachable", false).containsKey("lastError");

        // the same address, but a server that lost its state: the caches must list again, not keep stale objects
        server = startServer(port);
        client.resource(model("vision", "after-outage")).create();

        awaitState(HealthState.UP);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(caches.get(Deployment.class, "vision", "after-outage")).isPresent();
            assertThat(caches.get(Deployment.class, "vision", "before-outage")).isEmpty();
        });
    }

    @Test
    void reportsNotCheckedBeforeTheFirstProbeAnswers() {
        var unprobed = new KubernetesReadinessCheck(client, ClusterMode.CLUSTER, caches, Clock.systemUTC());

        var health = unprobed.check();

        assertThat(health.state()).isEqualTo(HealthState.DOWN);
        assertThat(health.details()).containsEntry("mode", "cluster");
    }

    private ComponentHealth awaitState(HealthState state) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var health = check.check();
            assertThat(health.state()).as("%s", health).isEqualTo(state);
        });
        return check.check();
    }

    private static KubernetesMockServer startServer(int port) {
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var client = server.createClient();
        for (var name : List.of("vision", "language")) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
