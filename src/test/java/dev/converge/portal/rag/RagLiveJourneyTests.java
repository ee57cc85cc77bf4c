package dev.converge.portal.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.shared.web.Journey;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/**
 * The RAG models list follows the live topic {@code rag}: a RagModel made by another tool appears, and its phase
 * changes in its row as the reconciler writes its status, with no reload of the page (a marker set on the page's
 * window survives). The runtime's readiness is stubbed: the sandbox does not serve it through the proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"portal.sandbox.pod-start-delay=200ms", "portal.rag.resync-period=300ms"})
@ActiveProfiles("test")
class RagLiveJourneyTests {

    @TestConfiguration
    static class Runtime {
        @Bean
        @Primary
        StubRagRuntime stubRagRuntime() {
            return new StubRagRuntime();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    KubernetesClient client;

    @Autowired
    KubernetesCaches caches;

    @Autowired
    StubRagRuntime runtime;

    @TempDir
    Path profile;

    @BeforeEach
    void aBaseModelRuns() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        if (client.apps().deployments().inNamespace("vision").withName("llama").get() == null) {
            client.apps().deployments().inNamespace("vision").resource(new DeploymentBuilder().withNewMetadata()
                    .withName("llama").endMetadata().withNewSpec().withReplicas(0).withNewSelector()
                    .addToMatchLabels("app", "llama").endSelector().withNewTemplate().withNewMetadata()
                    .addToLabels("app", "llama").endMetadata().withNewSpec().addNewContainer().withName("server")
                    .withImage("vllm:latest").endContainer().endSpec().endTemplate().endSpec().build()).create();
        }
    }

    @Test
    void aRagModelsStatusReachesTheListWithoutAReload() {
        try (var journey = Journey.start("rag-live-list", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/rag/models");
            journey.sees(By.id("live-connection"), "Live");
            journey.script("window.notReloaded = true;");

            var model = RagManifestsTests.model("live-docs");
            model.setMetadata(new ObjectMetaBuilder().withNamespace("vision").withName("live-docs").build());
            client.resources(RagModel.class).inNamespace("vision").resource(model).create();
            journey.sees(By.id("rag-model-vision-live-docs"), "live-docs", "llama");
            // pods come up, the runtime does not answer: Degraded, with why in words
            journey.sees(By.id("rag-row-vision-live-docs"), "Degraded", "does not answer");
            journey.step("degraded");

            runtime.readiness.put("vision/live-docs", new RagRuntime.Readiness(true, "Ready", 2, 0, 9, null));
            journey.sees(By.id("rag-row-vision-live-docs"), "Ready");
            assertThat(journey.text(By.id("rag-row-vision-live-docs"))).doesNotContain("does not answer");
            journey.sees(By.id("rag-model-vision-live-docs"), "9");
            journey.step("ready");
            assertThat(journey.script("return window.notReloaded === true;")).isEqualTo(true);

            client.resources(RagModel.class).inNamespace("vision").withName("live-docs").delete();
        }
    }
}
