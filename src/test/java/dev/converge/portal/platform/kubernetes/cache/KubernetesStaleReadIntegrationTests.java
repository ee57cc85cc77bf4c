package dev.converge.portal.platform.kubernetes.cache;

import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.model;
import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;

import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The caches listed, then the API server went away (issue 10, item 7): reads answer 200 from the copy, marked with
 * its age; logs, which have no copy, answer 503 at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("test")
class KubernetesStaleReadIntegrationTests {

    private static KubernetesMockServer server;

    @TestBean
    KubernetesClient kubernetesClient;

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    KubernetesCaches caches;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    static KubernetesClient kubernetesClient() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.createClient().getConfiguration())
                .withRequestRetryBackoffLimit(0).withWatchReconnectInterval(100).build()).build();
        client.resource(new NamespaceBuilder().withNewMetadata().withName("vision").endMetadata().build()).create();
        client.resource(model("vision", "resnet")).create();
        return client;
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void readsServeTheCopyWithItsAgeOnceTheServerIsGone() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> caches.syncStates().stream().allMatch(KindSyncState::current));
        var fresh = mvc.perform(get("/deployments/vision/resnet").with(signedInAs(users, "dev"))
                .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse();
        assertThat(fresh.getStatus()).isEqualTo(200);
        assertThat(json.readTree(fresh.getContentAsString()).has("stale")).as("current data: no marker").isFalse();
        assertThat(fresh.getHeader("X-Stale-Since")).isNull();

        server.destroy();
        await().atMost(Duration.ofSeconds(30)).until(() -> !caches.syncStates().stream()
                .allMatch(KindSyncState::watching));

        for (var path : new String[] {"/deployments", "/deployments/vision/resnet", "/deployments/zones"}) {
            var stale = mvc.perform(get(path).with(signedInAs(users, "dev")).accept(MediaType.APPLICATION_JSON))
                    .andReturn().getResponse();
            assertThat(stale.getStatus()).as(path).isEqualTo(200);
            assertThat(stale.getHeader("X-Stale-Since")).as(path).isNotNull();
            var body = json.readTree(stale.getContentAsString());
            if (body.isObject()) {
                assertThat(body.path("stale").path("reason").asString()).as(path).isEqualTo("Kubernetes unreachable");
                assertThat(body.path("stale").path("since").asString()).as(path)
                        .isEqualTo(stale.getHeader("X-Stale-Since"));
            }
        }
        var list = json.readTree(mvc.perform(get("/deployments").with(signedInAs(users, "dev"))
                .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse().getContentAsString());
        assertThat(list.path("items").get(0).path("name").asString()).isEqualTo("resnet");

        var builds = mvc.perform(get("/ai-converge/builds/all").with(signedInAs(users, "dev"))
                .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse();
        assertThat(builds.getStatus()).isEqualTo(200);
        assertThat(builds.getHeader("X-Stale-Since")).as("an array carries the header only").isNotNull();

        var started = System.nanoTime();
        var logs = mvc.perform(get("/deployments/vision/resnet/pods/resnet-1/logs").param("download", "")
                .with(signedInAs(users, "dev")).accept(MediaType.TEXT_PLAIN)).andReturn().getResponse();
        assertThat(logs.getStatus()).isIn(404, 503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        try (var browser = new OutageBrowser(port, "dev", "dev-pass")) {
            var page = browser.open("/deployments");
            assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(page.asNormalizedText()).contains("Kubernetes is unreachable; showing data as of", "resnet");
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
