package dev.converge.portal.platform.kubernetes.cache;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;

import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An API server that has not answered since the portal started (issue 10, item 7): reads answer 503 with the reason,
 * never an empty list or a "does not exist".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("test")
class KubernetesNeverReadIntegrationTests {

    @TestBean
    KubernetesClient kubernetesClient;

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    KubernetesCaches caches;

    @LocalServerPort
    int port;

    /** Nothing listens on port 1. */
    static KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0).withWatchReconnectInterval(100).build()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/deployments", "/deployments/zones", "/deployments/vision/resnet",
            "/ai-converge/builds/all", "/ai-converge/builds/vision/build-1", "/ai-converge/builds/vision/build-1/logs"})
    void jsonReadsAnswer503WithTheReason(String path) throws Exception {
        awaitFailingCaches();

        var started = System.nanoTime();
        var response = mvc.perform(get(path).with(signedInAs(users, "dev")).accept(MediaType.APPLICATION_JSON))
                .andReturn().getResponse();

        assertThat(response.getStatus()).as(path).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.getContentAsString()).contains("Kubernetes is unreachable", "cannot be read right now");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/deployments", "/deployments/zones", "/deployments/vision/resnet",
            "/ai-converge/builds"})
    void pagesSayTheDataCannotBeReadInsteadOfShowingAnEmptyState(String path) throws Exception {
        awaitFailingCaches();

        try (var browser = new OutageBrowser(port, "dev", "dev-pass")) {
            var page = browser.open(path);

            assertThat(page.getWebResponse().getStatusCode()).as(path).isEqualTo(503);
            assertThat(page.asNormalizedText()).contains("Temporarily unavailable", "cannot be read right now")
                    .doesNotContain("No deployments", "No builds", "does not exist");
        }
    }

    private void awaitFailingCaches() {
        await().atMost(Duration.ofSeconds(30)).until(() -> caches.syncStates().stream()
                .allMatch(state -> state.lastError() != null));
    }
}
