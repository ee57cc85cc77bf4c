package dev.converge.portal.rag;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RAG models as trust scorecards on the sandbox: kind {@code rag} in {@code GET /trust}; quality is the indexing
 * (complete, no failed document, the failed ones named), provenance the runtime image pinned by digest, availability
 * and safety the runtime's Deployment; a status change (the informer's RagModel event) rescores it.
 */
@SpringBootTest(properties = {"portal.sandbox.pod-start-delay=100ms", "portal.rag.resync-period=300ms"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RagTrustIntegrationTests {

    static final String PINNED = "ghcr.io/converge/converge-portal@sha256:" + "a".repeat(64);

    @TestConfiguration
    static class Runtime {
        @Bean
        @Primary
        StubRagRuntime stubRagRuntime() {
            return new StubRagRuntime();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    KubernetesClient client;

    @Autowired
    StubRagRuntime runtime;

    @Autowired
    KubernetesCaches caches;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void aBaseModelRunsInVision() {
        if (client.apps().deployments().inNamespace("vision").withName("llama").get() == null) {
            client.apps().deployments().inNamespace("vision").resource(new DeploymentBuilder().withNewMetadata()
                    .withName("llama").endMetadata().withNewSpec().withReplicas(0).withNewSelector()
                    .addToMatchLabels("app", "llama").endSelector().withNewTemplate().withNewMetadata()
                    .addToLabels("app", "llama").endMetadata().withNewSpec().addNewContainer().withName("server")
                    .withImage("vllm:latest").addNewPort().withContainerPort(8000).endPort().endContainer()
                    .endSpec().endTemplate().endSpec().build()).create();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> caches.hasSynced(Deployment.class)
                && caches.get(Deployment.class, "vision", "llama").isPresent());
    }

    @Test
    void aRagModelIsAScorecardWhoseQualityIsItsIndexingAndFailedDocumentsAreNamed() throws Exception {
        var name = "kb-" + UUID.randomUUID().toString().substring(0, 6);
        runtime.readiness.put("vision/" + name, new RagRuntime.Readiness(true, "Degraded", 2, 1, 10, null));
        runtime.documents.put("vision/" + name, List.of(
                new RagRuntime.IndexedDocument("guide.md", 10L, null, 5, null, null),
                new RagRuntime.IndexedDocument("broken.pdf", 10L, null, null, null, "not a PDF")));
        var created = mvc.perform(post("/rag/models").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .content("{\"namespace\": \"vision\", \"name\": \"" + name + "\", \"spec\": {\"baseModel\": "
                        + "{\"deployment\": \"llama\"}, \"runtime\": {\"image\": \"" + PINNED + "\"}}}"))
                .andReturn().getResponse();
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var card = item(name);
            assertThat(card.path("kind").asString()).isEqualTo("rag");
            assertThat(signal(card, "quality").path("status").asString()).isEqualTo("fail");
            assertThat(signal(card, "quality").path("reason").asString()).contains("broken.pdf");
        });
        var card = item(name);
        assertThat(signal(card, "provenance").path("status").asString()).isEqualTo("pass");
        assertThat(signal(card, "provenance").path("reason").asString()).contains("pinned by digest");
        assertThat(signal(card, "safety").path("status").asString()).isEqualTo("pass");
        assertThat(signal(card, "availability").path("status").asString()).isIn("pass", "fail");

        var detail = json.readTree(mvc.perform(get("/trust/vision/" + name).param("kind", "rag")
                .with(signedInAs(users, "dev"))
                .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse().getContentAsString());
        assertThat(detail.path("kind").asString()).isEqualTo("rag");
        assertThat(detail.path("chain").findValuesAsString("step")).containsExactly("image", "rag");

        var grid = mvc.perform(get("/trust").param("namespace", "vision").param("size", "100")
                .with(signedInAs(users, "dev"))).andReturn().getResponse().getContentAsString();
        assertThat(grid).contains("id=\"trust-rag-vision-" + name + "\"", "/trust/vision/" + name + "?kind=rag");
        var page = mvc.perform(get("/trust/vision/" + name).param("kind", "rag").with(signedInAs(users, "dev")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("A RAG model of team vision", "broken.pdf", "trust-detail-rag-vision-" + name);

        // the runtime re-indexed without failures: the reconciler writes the status, the informer event rescores
        runtime.readiness.put("vision/" + name, new RagRuntime.Readiness(true, "Ready", 3, 0, 12, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(signal(item(name), "quality").path("status").asString()).isEqualTo("pass"));

        // another team sees no trace of it
        var theirs = json.readTree(mvc.perform(get("/trust").with(signedInAs(users, "dev2"))
                .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse().getContentAsString());
        assertThat(theirs.path("items").findValuesAsString("name")).doesNotContain(name);
    }

    private JsonNode item(String name) throws Exception {
        var page = json.readTree(mvc.perform(get("/trust").param("namespace", "vision").param("size", "100")
                        .with(signedInAs(users, "dev")).accept(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString());
        for (var item : page.path("items")) {
            if (name.equals(item.path("name").asString())) {
                return item;
            }
        }
        throw new AssertionError(name + " not among the scorecards: " + page);
    }

    private static JsonNode signal(JsonNode card, String name) {
        for (var signal : card.path("signals")) {
            if (name.equals(signal.path("name").asString())) {
                return signal;
            }
        }
        throw new AssertionError("no signal " + name + " in " + card);
    }
}
