package dev.converge.portal.rag.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.rag.RagModel;
import dev.converge.portal.rag.RagModelSpec;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A developer edits a RAG model's topK and sees it on the detail page; a stale edit shows the conflict.
 * <p>
 * A developer creates a RAG model on a deployed base model, uploads two documents at once, sees them listed with
 * their SHA-256, and watches the status say in words why the runtime does not answer yet (the sandbox does not
 * serve the service proxy or the runtime yet).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"portal.sandbox.pod-start-delay=200ms", "portal.rag.resync-period=300ms"})
@ActiveProfiles("test")
class RagModelJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    KubernetesClient client;

    @Autowired
    KubernetesCaches caches;

    @TempDir
    Path profile;

    @TempDir
    Path files;

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
    void createARagModelAndUploadDocuments() throws Exception {
        var guide = Files.writeString(files.resolve("guide.md"), "# Guide\nThe vision team ships models weekly.");
        var faq = Files.writeString(files.resolve("faq.txt"), "Q: Who answers? A: The on-call engineer.");
        try (var journey = Journey.start("rag-create-and-upload", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/rag/models");
            journey.step("empty-list");
            journey.click(By.linkText("New RAG model"));
            journey.type(By.id("name"), "Handbook").type(By.id("baseDeployment"), "llama")
                    .type(By.id("topK"), "0");
            journey.click(By.cssSelector("#rag-form button[type=submit]"));
            journey.sees(By.id("rag-form"), "Lower-case letters", "Between 1 and 50");
            journey.step("form-errors");
            journey.visible(By.id("name")).clear();
            journey.visible(By.id("topK")).clear();
            journey.type(By.id("name"), "handbook").type(By.id("topK"), "4");
            journey.click(By.cssSelector("#rag-form button[type=submit]")).isAt("/rag/models/vision/handbook");
            journey.sees(By.id("rag-documents"), "No documents yet");
            journey.step("created");

            journey.visible(By.id("file")).sendKeys(guide + "\n" + faq);
            journey.click(By.cssSelector("#rag-upload button[type=submit]"));
            journey.sees(By.id("rag-documents"), "guide.md", "faq.txt");
            journey.step("uploaded");

            // the sandbox runs the RAG runtime in process: the documents get indexed as on a cluster
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
                journey.open("/rag/models/vision/handbook");
                return journey.text(By.id("rag-phase")).contains("Ready");
            });
            journey.sees(By.id("rag-conditions"), "Indexed");
            journey.step("indexed-and-ready");
            journey.open("/rag/models");
            journey.sees(By.id("rag-model-vision-handbook"), "handbook", "llama");
            journey.step("listed");
            assertThat(journey.text(By.id("rag-model-vision-handbook"))).contains("RagModel");
        }
    }
    @Test
    void editTopKThenAStaleEditShowsTheConflict() {
        var model = new RagModel();
        model.setMetadata(new ObjectMetaBuilder().withNamespace("vision").withName("manual").build());
        var spec = new RagModelSpec();
        spec.baseModel = new RagModelSpec.BaseModel();
        spec.baseModel.deployment = "llama";
        spec.retrieval = new RagModelSpec.Retrieval();
        spec.retrieval.topK = 3;
        model.setSpec(spec);
        client.resources(RagModel.class).inNamespace("vision").resource(model).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> caches.get(RagModel.class, "vision", "manual").isPresent());

        try (var journey = Journey.start("rag-edit", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/rag/models/vision/manual");
            journey.sees(By.id("rag-topk"), "3");
            journey.click(By.id("rag-edit")).isAt("/rag/models/vision/manual/edit");
            assertThat(journey.visible(By.id("topK")).getDomProperty("value")).isEqualTo("3");
            assertThat(journey.visible(By.id("baseDeployment")).getDomProperty("value")).isEqualTo("llama");
            journey.step("edit-form");
            journey.visible(By.id("topK")).clear();
            journey.type(By.id("topK"), "6");
            journey.click(By.cssSelector("#rag-form button[type=submit]")).isAt("/rag/models/vision/manual");
            journey.sees(By.id("rag-topk"), "6");
            journey.step("saved");

            // someone else changes the spec while this form is open: saving it is refused, saying so
            journey.click(By.id("rag-edit"));
            client.resources(RagModel.class).inNamespace("vision").withName("manual")
                    .edit(m -> { m.getSpec().retrieval.topK = 9; return m; });
            journey.visible(By.id("topK")).clear();
            journey.type(By.id("topK"), "5");
            journey.expectConsoleError("status of 409"); // the form comes back with the PUT's status
            journey.click(By.cssSelector("#rag-form button[type=submit]"));
            journey.sees(By.id("rag-conflict"), "changed since you loaded it");
            journey.step("stale-conflict");
            journey.click(By.linkText("Load the current version"));
            assertThat(journey.visible(By.id("topK")).getDomProperty("value")).isEqualTo("9");
            journey.step("reloaded");
        } finally {
            client.resources(RagModel.class).inNamespace("vision").withName("manual").delete();
        }
    }
}
