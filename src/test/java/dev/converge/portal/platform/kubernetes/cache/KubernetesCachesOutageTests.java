package dev.converge.portal.platform.kubernetes.cache;

import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.caches;
import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.kubernetes.KubernetesUnavailable;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
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
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Reads made for a request while Kubernetes is away (issue 10, item 7): 503 before any list, the copy with its age after. */
class KubernetesCachesOutageTests {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesCaches caches;

    @BeforeEach
    void inARequest() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
    }

    @AfterEach
    void stopAll() {
        RequestContextHolder.resetRequestAttributes();
        if (caches != null) {
            caches.stop();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void cachesThatNeverListedRefuseARequestsReadWith503() {
        client = clientFor(1); // nothing listens there
        caches = caches(client, Map.of());
        caches.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> caches.syncStates().stream()
                .allMatch(state -> state.lastError() != null));

        assertThatThrownBy(() -> caches.query(Deployment.class).list())
                .isInstanceOfSatisfying(KubernetesUnavailable.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.detailCode()).isEqualTo("kubernetes.unavailable.read");
                    assertThat(e.detailArgs()).containsExactly("deployments");
                });
        assertThatThrownBy(() -> caches.get(Deployment.class, "vision", "resnet"))
                .isInstanceOf(KubernetesUnavailable.class);
        assertThatThrownBy(() -> caches.requireConnected(Pod.class, "pod logs")).isInstanceOf(KubernetesUnavailable.class);

        RequestContextHolder.resetRequestAttributes();
        assertThat(caches.list(Deployment.class, null)).as("background work reads what there is").isEmpty();
    }

    @Test
    void cachesThatListedServeTheirCopyWithItsAgeWhileTheServerIsGone() throws IOException {
        var port = freePort();
        server = startServer(port);
        client = clientFor(port);
        client.resource(model("vision", "resnet")).create();
        caches = caches(client, Map.of());
        caches.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> caches.syncStates().stream().allMatch(KindSyncState::current));
        assertThat(caches.get(Deployment.class, "vision", "resnet")).isPresent();
        assertThat(StaleData.ofCurrentRequest()).as("current data carries no marker").isEmpty();
        var beforeOutage = Instant.now();

        server.destroy();
        server = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> !caches.syncStates().get(1).watching());

        assertThat(caches.get(Deployment.class, "vision", "resnet")).isPresent();
        assertThat(caches.query(Deployment.class).list()).hasSize(1);
        var stale = StaleData.ofCurrentRequest();
        assertThat(stale).isPresent();
        assertThat(stale.get().reason()).isEqualTo("Kubernetes unreachable");
        assertThat(stale.get().since()).isAfterOrEqualTo(beforeOutage).isBeforeOrEqualTo(Instant.now());
        assertThatThrownBy(() -> caches.requireConnected(Pod.class, "pod logs")).isInstanceOf(KubernetesUnavailable.class);
    }

    private static KubernetesClient clientFor(int port) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withNamespace("default")
                .withRequestRetryBackoffInterval(50)
                .withRequestRetryBackoffLimit(1)
                .withWatchReconnectInterval(100)
                .build()).build();
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
