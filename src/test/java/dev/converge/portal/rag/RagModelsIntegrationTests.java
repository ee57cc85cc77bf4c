package dev.converge.portal.rag;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
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
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RAG models against the sandbox cluster: the API creates the RagModel, the reconciler (leader) runs its runtime
 * Deployment and Service and writes its status from the simulated pods and the runtime's readiness (stubbed here,
 * so each status can be driven; the real runtime in process behind the service proxy is tested by
 * {@code sandbox.rag.SandboxRagServerIntegrationTests}).
 */
@SpringBootTest(properties = {"portal.sandbox.pod-start-delay=100ms", "portal.rag.resync-period=300ms"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RagModelsIntegrationTests {

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

    @Autowired
    JsonMapper json;

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
        // the validator reads the base model from the informer cache
        await().atMost(Duration.ofSeconds(30)).until(() -> caches.hasSynced(Deployment.class)
                && caches.get(Deployment.class, "vision", "llama").isPresent());
    }

    @Test
    void createReconcileUpdateAndDeleteThroughTheApi() throws Exception {
        var created = send(post("/rag/models"), "dev", request("docs", """
                {"baseModel": {"deployment": "llama"}, "retrieval": {"topK": 3}}"""));
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/rag/models/vision/docs");

        var deployment = await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().deployments()
                .inNamespace("vision").withName("rag-docs").get(), d -> d != null);
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).containsExactly("--portal.role=rag-runtime");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo(RuntimeContract.ENV_BASE_URL);
            assertThat(e.getValue()).isEqualTo("http://llama.vision.svc.cluster.local:8000/v1");
        });
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("RagModel"));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.services().inNamespace("vision")
                .withName("rag-docs").get() != null);

        // Pods come up; the runtime does not answer yet (Degraded, reason in words), then answers while indexing,
        // then ready
        await().atMost(Duration.ofSeconds(30)).until(() -> phase("docs").equals("Degraded"));
        assertThat(body(get("/rag/models/vision/docs"), "dev").get("conditions").toString())
                .contains("RuntimeUnreachable", "service proxy");
        // as a chat model: listed for its team, not ready with the reason, refused with 409 until it is
        var models = send(get("/chat/models"), "dev", null).getResponse().getContentAsString();
        assertThat(models).contains("\"id\":\"rag:vision/docs\"", "\"kind\":\"rag\"")
                .containsPattern("\"id\":\"rag:vision/docs\"[^}]*\"ready\":false[^}]*\"reason\":\"Degraded: The "
                        + "runtime does not answer");
        assertThat(send(post("/chat"), "dev", "{\"model\":\"rag:vision/docs\",\"message\":\"hi\"}")
                .getResponse().getStatus()).isEqualTo(409);
        runtime.readiness.put("vision/docs", new RagRuntime.Readiness(false, "Indexing", 1, 0, 4, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> phase("docs").equals("Indexing"));
        runtime.readiness.put("vision/docs", new RagRuntime.Readiness(true, "Ready", 2, 0, 9,
                "2026-12-01T03:00:00Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> phase("docs").equals("Ready"));
        var detail = body(get("/rag/models/vision/docs"), "dev");
        assertThat(detail.get("summary").get("chunks").asInt()).isEqualTo(9);
        assertThat(detail.get("summary").get("endpoint").asString())
                .isEqualTo("http://rag-docs.vision.svc.cluster.local:8080");
        assertThat(detail.get("observedGeneration").asLong()).isEqualTo(detail.get("generation").asLong());
        assertThat(send(get("/chat/models"), "dev", null).getResponse().getContentAsString())
                .containsPattern("\"id\":\"rag:vision/docs\"[^}]*\"ready\":true");
        // the home page counts the user's RAG models; another team's user sees none of them
        assertThat(mvc.perform(get("/").with(signedInAs(users, "dev"))).andReturn().getResponse()
                .getContentAsString()).containsPattern("home-rag-models.*\\d+ RAG models? in your namespaces");
        assertThat(mvc.perform(get("/").with(signedInAs(users, "dev2"))).andReturn().getResponse()
                .getContentAsString()).contains("No RAG models in your namespaces");
        // another team neither sees it nor chats with it, whether or not it exists
        assertThat(send(get("/chat/models"), "dev2", null).getResponse().getContentAsString())
                .doesNotContain("rag:vision/docs");
        var existing = send(post("/chat"), "dev2", "{\"model\":\"rag:vision/docs\",\"message\":\"hi\"}");
        var missing = send(post("/chat"), "dev2", "{\"model\":\"rag:vision/nothing\",\"message\":\"hi\"}");
        assertThat(existing.getResponse().getStatus()).isEqualTo(403);
        assertThat(missing.getResponse().getStatus()).isEqualTo(403);
        assertThat(send(post("/chat"), "dev", "{\"model\":\"rag:vision/nothing\",\"message\":\"hi\"}")
                .getResponse().getStatus()).isEqualTo(404);

        // a stale update is refused, a current one rolls the runtime
        var stale = send(put("/rag/models/vision/docs"), "dev", """
                {"spec": {"baseModel": {"deployment": "llama"}, "retrieval": {"topK": 5}}, "resourceVersion": "1"}""");
        assertThat(stale.getResponse().getStatus()).isEqualTo(409);
        var hash = deployment.getMetadata().getAnnotations().get(RagManifests.SPEC_HASH_ANNOTATION);
        // the reconciler's status writes move the version too: a client reads again and repeats, as with kubectl
        var updated = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var version = body(get("/rag/models/vision/docs"), "dev").get("resourceVersion").asString();
            return send(put("/rag/models/vision/docs"), "dev", """
                    {"spec": {"baseModel": {"deployment": "llama"}, "retrieval": {"topK": 5}}, "resourceVersion": "%s"}"""
                    .formatted(version));
        }, result -> result.getResponse().getStatus() != 409);
        assertThat(updated.getResponse().getStatus()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !hash.equals(client.apps().deployments()
                .inNamespace("vision").withName("rag-docs").get().getMetadata().getAnnotations()
                .get(RagManifests.SPEC_HASH_ANNOTATION)));

        var listed = body(get("/rag/models?namespace=vision"), "viewer");
        assertThat(listed.get("items").toString()).contains("\"name\":\"docs\"", "\"phase\":\"Ready\"");

        assertThat(send(delete("/rag/models/vision/docs"), "dev", null).getResponse().getStatus()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.apps().deployments().inNamespace("vision")
                .withName("rag-docs").get() == null && client.services().inNamespace("vision")
                .withName("rag-docs").get() == null);
        assertThat(send(get("/rag/models/vision/docs"), "dev", null).getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aMissingBaseModelFailsTheModelWithTheReason() throws Exception {
        // the API refuses it, so write it as another tool would
        var model = new RagModel();
        model.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace("vision")
                .withName("orphan").build());
        model.setSpec(new RagModelSpec());
        model.getSpec().baseModel = new RagModelSpec.BaseModel();
        model.getSpec().baseModel.deployment = "gone";
        client.resources(RagModel.class).inNamespace("vision").resource(model).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> phase("orphan").equals("Failed"));
        assertThat(body(get("/rag/models/vision/orphan"), "dev").get("conditions").toString())
                .contains("BaseModelNotFound", "The base model deployment gone does not exist in vision");
        assertThat(client.apps().deployments().inNamespace("vision").withName("rag-orphan").get()).isNull();
        client.resources(RagModel.class).inNamespace("vision").withName("orphan").delete();
    }

    @Test
    void badInputNamesTheFieldAndCreatesNothing() throws Exception {
        Map<String, String> cases = Map.of(
                request("bad-topk", "{\"baseModel\": {\"deployment\": \"llama\"}, \"retrieval\": {\"topK\": 0}}"),
                "spec.retrieval.topK",
                request("bad-chunk", "{\"baseModel\": {\"deployment\": \"llama\"}, \"retrieval\": {\"chunkSize\": 9000}}"),
                "spec.retrieval.chunkSize",
                request("bad-base", "{\"baseModel\": {\"deployment\": \"nope\"}}"), "spec.baseModel.deployment",
                request("bad-both", "{\"baseModel\": {}}"), "spec.baseModel",
                request("bad-bucket", "{\"baseModel\": {\"deployment\": \"llama\"}, \"documents\": {\"bucket\": \"other\"}}"),
                "spec.documents.bucket",
                request("bad-prefix", "{\"baseModel\": {\"deployment\": \"llama\"}, \"documents\": {\"prefix\": \"language/x/\"}}"),
                "spec.documents.prefix",
                request("bad-dots", "{\"baseModel\": {\"deployment\": \"llama\"}, \"documents\": {\"prefix\": \"vision/../language/\"}}"),
                "spec.documents.prefix",
                request("Bad_Name", "{\"baseModel\": {\"deployment\": \"llama\"}}"), "name",
                request("bad-score", "{\"baseModel\": {\"deployment\": \"llama\"}, \"retrieval\": {\"scoreThreshold\": 1.5}}"),
                "spec.retrieval.scoreThreshold");
        for (var entry : cases.entrySet()) {
            var result = send(post("/rag/models"), "dev", entry.getKey());
            assertThat(result.getResponse().getStatus()).as(entry.getKey()).isEqualTo(400);
            assertThat(result.getResponse().getContentAsString()).as(entry.getKey()).contains(entry.getValue());
        }
        var fractional = send(post("/rag/models"), "dev", request("frac",
                "{\"baseModel\": {\"deployment\": \"llama\"}, \"retrieval\": {\"topK\": 2.5}}"));
        assertThat(fractional.getResponse().getStatus()).isEqualTo(400);
        assertThat(client.resources(RagModel.class).inNamespace("vision").list().getItems())
                .noneMatch(m -> m.getMetadata().getName().startsWith("bad") || m.getMetadata().getName().equals("frac"));
    }

    @Test
    void theEditFormChangesTheSpecKeepsWhatItDoesNotShowAndRefusesAStaleVersion() throws Exception {
        assertThat(send(post("/rag/models"), "dev", request("editable", """
                {"baseModel": {"deployment": "llama"}, "retrieval": {"topK": 3},
                 "runtime": {"image": "registry.example/rag:1"}}""")).getResponse().getStatus()).isEqualTo(201);
        var form = page(get("/rag/models/vision/editable/edit"), "dev");
        assertThat(form.getResponse().getStatus()).isEqualTo(200);
        var html = form.getResponse().getContentAsString();
        assertThat(html).contains("id=\"topK\"", "value=\"3\"", "value=\"llama\"", "Save changes");
        var loadedAt = hidden(html, "resourceVersion");
        var generation = hidden(html, "generation");
        assertThat(generation).isEqualTo("1");

        // the reconciler writes the status meanwhile (new resourceVersion, same generation): not a conflict
        var saved = page(post("/rag/models/vision/editable").param("baseDeployment", "llama").param("topK", "7")
                .param("chunkSize", "1200").param("cpu", "250m").param("resourceVersion", loadedAt)
                .param("generation", generation), "dev");
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/rag/models/vision/editable");
        var spec = client.resources(RagModel.class).inNamespace("vision").withName("editable").get().getSpec();
        assertThat(spec.retrieval.topK).isEqualTo(7);
        assertThat(spec.retrieval.chunkSize).isEqualTo(1200);
        assertThat(spec.runtime.resources.cpu).isEqualTo("250m");
        assertThat(spec.runtime.image).as("kept: the form does not show it").isEqualTo("registry.example/rag:1");

        // the spec changed since the form was loaded: refused as the JSON PUT is, on the form
        var stale = page(post("/rag/models/vision/editable").param("baseDeployment", "llama").param("topK", "9")
                .param("resourceVersion", loadedAt).param("generation", generation), "dev");
        assertThat(stale.getResponse().getStatus()).isEqualTo(409);
        assertThat(stale.getResponse().getContentAsString()).contains("id=\"rag-conflict\"",
                "changed since you loaded it", "value=\"9\"");
        assertThat(client.resources(RagModel.class).inNamespace("vision").withName("editable").get().getSpec()
                .retrieval.topK).isEqualTo(7);

        var current = client.resources(RagModel.class).inNamespace("vision").withName("editable").get()
                .getMetadata().getResourceVersion();
        Map<String, String> badFields = Map.of("topK", "abc", "chunkSize", "100", "zoneStrategy", "everywhere",
                "memory", "lots", "scoreThreshold", "0,5");
        for (var bad : badFields.entrySet()) {
            var refused = page(post("/rag/models/vision/editable").param("baseDeployment", "llama")
                    .param(bad.getKey(), bad.getValue()).param("resourceVersion", current), "dev");
            assertThat(refused.getResponse().getStatus()).as(bad.getKey()).isEqualTo(200);
            assertThat(refused.getResponse().getContentAsString()).as(bad.getKey())
                    .contains("id=\"" + bad.getKey() + "-error\"");
        }
        var xss = page(post("/rag/models/vision/editable").param("baseDeployment", "<script>alert(1)</script>")
                .param("resourceVersion", current), "dev").getResponse().getContentAsString();
        assertThat(xss).doesNotContain("<script>alert(1)</script>").contains("baseDeployment-error");

        assertThat(page(get("/rag/models/vision/editable/edit"), "viewer").getResponse().getStatus()).isEqualTo(403);
        assertThat(page(get("/rag/models/vision/editable/edit"), "dev2").getResponse().getStatus()).isEqualTo(404);
        assertThat(page(post("/rag/models/vision/editable").param("baseDeployment", "llama")
                .param("resourceVersion", current), "dev2").getResponse().getStatus()).isIn(403, 404);
        assertThat(client.resources(RagModel.class).inNamespace("vision").withName("editable").get().getSpec()
                .retrieval.topK).isEqualTo(7);
        client.resources(RagModel.class).inNamespace("vision").withName("editable").delete();
    }

    @Test
    void rolesAndTeamsDecideWhoSeesAndChanges() throws Exception {
        assertThat(send(post("/rag/models"), "dev", request("team-only", """
                {"baseModel": {"deployment": "llama"}}""")).getResponse().getStatus()).isEqualTo(201);

        assertThat(send(get("/rag/models/vision/team-only"), "dev2", null).getResponse().getStatus()).isEqualTo(404);
        assertThat(send(get("/rag/models/vision/no-such"), "dev2", null).getResponse().getStatus()).isEqualTo(404);
        assertThat(body(get("/rag/models"), "dev2").get("items").toString()).doesNotContain("team-only");
        assertThat(send(post("/rag/models"), "dev2", request("intruder", """
                {"baseModel": {"deployment": "llama"}}""")).getResponse().getStatus()).isEqualTo(403);
        assertThat(send(post("/rag/models"), "viewer", request("viewer-made", """
                {"baseModel": {"deployment": "llama"}}""")).getResponse().getStatus()).isEqualTo(403);
        assertThat(send(delete("/rag/models/vision/team-only"), "viewer", null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(send(delete("/rag/models/vision/team-only"), "dev2", null).getResponse().getStatus())
                .isIn(403, 404);
        assertThat(send(get("/rag/models/vision/team-only"), "viewer", null).getResponse().getStatus())
                .isEqualTo(200);
        assertThat(send(delete("/rag/models/vision/team-only"), "dev", null).getResponse().getStatus())
                .isEqualTo(204);
    }

    @Test
    void documentsUploadListMergeAndDelete() throws Exception {
        send(post("/rag/models"), "dev", request("library", """
                {"baseModel": {"deployment": "llama"}}"""));
        var upload = mvc.perform(multipart("/rag/models/vision/library/documents")
                .file(new MockMultipartFile("file", "guide.md", "text/markdown",
                        "# Guide\nThe vision team ships models.".getBytes(StandardCharsets.UTF_8)))
                .file(new MockMultipartFile("file", "faq.txt", "text/plain",
                        "Q: who? A: us.".getBytes(StandardCharsets.UTF_8)))
                .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(upload.getResponse().getStatus()).isEqualTo(201);
        assertThat(upload.getResponse().getContentAsString()).contains("guide.md", "faq.txt", "sha256");
        assertThat(runtime.reindexed).containsEntry("vision/library", 1); // told to look at its documents again

        var refused = mvc.perform(multipart("/rag/models/vision/library/documents")
                .file(new MockMultipartFile("file", "tool.exe", "application/octet-stream", new byte[] {1, 2}))
                .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(refused.getResponse().getContentAsString()).contains("tool.exe", "file");
        var sneaky = mvc.perform(multipart("/rag/models/vision/library/documents")
                .file(new MockMultipartFile("file", "../escape.md", "text/markdown", new byte[] {65}))
                .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(sneaky.getResponse().getStatus()).isEqualTo(400);
        var otherTeam = mvc.perform(multipart("/rag/models/vision/library/documents")
                .file(new MockMultipartFile("file", "x.md", "text/markdown", new byte[] {65}))
                .with(signedInAs(users, "dev2")).with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(otherTeam.getResponse().getStatus()).isIn(403, 404);

        var stored = body(get("/rag/models/vision/library/documents"), "dev").get("items");
        assertThat(stored).hasSize(2);
        assertThat(stored.toString()).doesNotContain("\"chunks\":3");
        runtime.documents.put("vision/library", List.of(
                new RagRuntime.IndexedDocument("guide.md", 38L, "x", 3, "2026-12-01T03:00:00Z", null),
                new RagRuntime.IndexedDocument("faq.txt", 14L, "y", null, null, "could not parse")));
        var merged = body(get("/rag/models/vision/library/documents"), "dev").get("items");
        assertThat(merged.toString()).contains("\"chunks\":3", "could not parse");
        assertThat(merged.get(0).get("sha256").asString()).hasSize(64);

        runtime.chunks.put("vision/library", List.of(
                new RagRuntime.RetrievedChunk("guide.md", 0, "The vision team ships models.", 0.91)));
        var retrieved = send(post("/rag/models/vision/library/retrieve"), "dev", "{\"query\": \"who ships?\"}");
        assertThat(retrieved.getResponse().getStatus()).isEqualTo(200);
        assertThat(retrieved.getResponse().getContentAsString()).contains("guide.md", "0.91");
        assertThat(send(post("/rag/models/vision/library/retrieve"), "dev", "{\"query\": \"\"}").getResponse()
                .getStatus()).isEqualTo(400);
        var unreachable = send(post("/rag/models/vision/docs-missing/retrieve"), "dev", "{\"query\": \"x\"}");
        assertThat(unreachable.getResponse().getStatus()).isEqualTo(404);

        assertThat(send(delete("/rag/models/vision/library/documents/faq.txt"), "dev", null).getResponse()
                .getStatus()).isEqualTo(204);
        assertThat(send(delete("/rag/models/vision/library/documents/faq.txt"), "dev", null).getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(body(get("/rag/models/vision/library/documents"), "dev").get("items")).hasSize(1);

        var page = mvc.perform(get("/rag/models/vision/library").with(signedInAs(users, "dev"))
                .accept(MediaType.TEXT_HTML)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("guide.md", "Try it", "multiple");
        send(delete("/rag/models/vision/library"), "dev", null);
    }

    @Test
    void otherOperatorsResourcesAreListedWithSourceAllOnceTheirCrdsAreInstalled() throws Exception {
        assertThat(body(get("/rag/models?source=all"), "dev").get("items").toString())
                .doesNotContain("RAGEngine", "LlamaStackDistribution");

        for (var file : List.of("kaito.sh_ragengines.yaml", "llamastack.io_llamastackdistributions.yaml")) {
            // shared/ lies beside the checkout, here as in CI
            var reference = java.nio.file.Path.of("..", "shared", "reference", "crds", file);
            try (var in = new FileInputStream(reference.toFile())) {
                var crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
        create("kaito.sh/v1beta1", "RAGEngine", "ragengines", "kaito-rag", Map.of("conditions", List.of(
                Map.of("type", "ResourceReady", "status", "True"), Map.of("type", "ServiceReady", "status", "True"))));
        create("llamastack.io/v1alpha1", "LlamaStackDistribution", "llamastackdistributions", "stack",
                Map.of("phase", "Initializing"));

        var items = body(get("/rag/models?source=all"), "dev").get("items").toString();
        assertThat(items).contains("kaito-rag", "RAGEngine", "\"source\":\"kaito\"", "stack",
                "LlamaStackDistribution", "\"phase\":\"Indexing\"");
        assertThat(body(get("/rag/models"), "dev").get("items").toString()).doesNotContain("kaito-rag");
        assertThat(body(get("/rag/models?source=all"), "dev2").get("items").toString()).doesNotContain("kaito-rag");
    }

    /** Nothing yet says what to do; nothing matching says to clear the filters. */
    @Test
    void anEmptyListSaysWhetherNothingExistsOrNothingMatches() throws Exception {
        assertThat(body(get("/rag/models"), "dev2").get("items")).as("team language has no RAG model").isEmpty();
        var none = html("/rag/models", "dev2");
        assertThat(none).contains("No RAG models yet", "upload your documents").doesNotContain("Clear the filters");
        var noMatch = html("/rag/models?q=no-model-is-called-this", "dev");
        assertThat(noMatch).contains("No RAG models to show", "Clear the filters").doesNotContain("No RAG models yet");
    }

    private String html(String path, String user) throws Exception {
        var result = mvc.perform(get(path).with(signedInAs(users, user)).accept(MediaType.TEXT_HTML)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private void create(String apiVersion, String kind, String plural, String name, Map<String, Object> status) {
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder().withApiVersion(apiVersion)
                .withKind(kind).withNewMetadata().withName(name).withNamespace("vision").endMetadata().build();
        resource.setAdditionalProperty("spec", Map.of());
        var slash = apiVersion.indexOf('/');
        var context = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                .withGroup(apiVersion.substring(0, slash)).withVersion(apiVersion.substring(slash + 1))
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
        var created = client.genericKubernetesResources(context).inNamespace("vision").resource(resource).create();
        created.setAdditionalProperty("status", status);
        client.genericKubernetesResources(context).inNamespace("vision").resource(created).updateStatus();
    }

    private String phase(String name) throws Exception {
        var result = send(get("/rag/models/vision/" + name), "dev", null);
        if (result.getResponse().getStatus() != 200) {
            return "";
        }
        return json.readTree(result.getResponse().getContentAsString()).get("summary").get("phase").asString();
    }

    private static String request(String name, String spec) {
        return "{\"namespace\": \"vision\", \"name\": \"" + name + "\", \"spec\": " + spec + "}";
    }

    private MvcResult send(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
                           String user, String body) throws Exception {
        request.with(signedInAs(users, user)).with(csrf()).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request).andReturn();
    }

    private static String hidden(String html, String name) {
        var matcher = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(matcher.find()).as("hidden field %s", name).isTrue();
        return matcher.group(1);
    }

    /** A page request as a browser sends it: HTML, and a form post's fields when {@code request} has params. */
    private MvcResult page(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
                           String user) throws Exception {
        request.with(signedInAs(users, user)).with(csrf()).accept(MediaType.TEXT_HTML)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        return mvc.perform(request).andReturn();
    }

    private JsonNode body(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
                          String user) throws Exception {
        var result = send(request, user, null);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return json.readTree(result.getResponse().getContentAsString());
    }

}
