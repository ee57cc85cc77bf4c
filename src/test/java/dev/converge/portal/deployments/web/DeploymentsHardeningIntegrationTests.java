package dev.converge.portal.deployments.web;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.deployments.DeploymentManifests;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What issue 10 found in the deployments feature, against the sandbox cluster: artifacts and zone contents of other
 * teams, made-up resource versions, half-made deployments and what concurrent creates and deletes leave behind.
 */
@SpringBootTest(properties = "portal.sandbox.pod-start-delay=100ms")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DeploymentsHardeningIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    KubernetesClient client;

    @Autowired
    KubernetesCaches caches;

    @Autowired
    AuditLog audit;

    @Autowired
    ArtifactStore store;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void cachesKnowTheNodes() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
    }

    // ---- artifacts of other teams ----

    @Test
    void anotherTeamsArtifactIsForbiddenOnCreateAndUpdateWhetherOrNotItExists() throws Exception {
        store.ensureBuckets();
        store.put(Bucket.ARTIFACTS, "teams/language/secret-model/1/model.onnx",
                new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "application/octet-stream", "dev2");
        var existing = "s3://models/teams/language/secret-model/1/model.onnx";
        var missing = "s3://models/teams/language/no-such-model/1/model.onnx";

        var withExisting = send("dev", post("/deployments"), spec("foreign-a", modelUri(existing)));
        var withMissing = send("dev", post("/deployments"), spec("foreign-b", modelUri(missing)));

        assertThat(withExisting.getResponse().getStatus()).isEqualTo(403);
        assertThat(withMissing.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(withExisting).get("detail")).isEqualTo(body(withMissing).get("detail"));
        assertThat(body(withExisting).get("errors")).isEqualTo(body(withMissing).get("errors"));
        assertThat(body(withMissing).toString()).doesNotContain("there is no object");
        assertThat(client.apps().deployments().inNamespace("vision").withName("foreign-a").get()).isNull();

        var version = created(send("dev", post("/deployments"), spec("own-model", "\"replicas\": 1")))
                .get("resourceVersion").asString();
        var updateExisting = send("dev", put("/deployments/vision/own-model"), spec("own-model",
                modelUri(existing) + ", \"resourceVersion\": \"" + version + "\""));
        var updateMissing = send("dev", put("/deployments/vision/own-model"), spec("own-model",
                modelUri(missing) + ", \"resourceVersion\": \"" + version + "\""));
        assertThat(updateExisting.getResponse().getStatus()).isEqualTo(403);
        assertThat(updateMissing.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(updateExisting).get("detail")).isEqualTo(body(updateMissing).get("detail"));
        assertThat(client.apps().deployments().inNamespace("vision").withName("own-model").get().getMetadata()
                .getAnnotations().get(DeploymentManifests.SPEC_ANNOTATION)).doesNotContain("language");
    }

    @Test
    void hostileModelUrisAreFieldErrorsNeverServerErrors() throws Exception {
        for (var uri : List.of("s3://models/teams/vision/../language/m/1/model.onnx",
                "s3://models/teams/vision/%2e%2e/language/m/1/model.onnx",
                "s3://models/teams/vision/%2E%2e/language/m/1/model.onnx",
                "s3://models/teams/vision//m/1/model.onnx",
                "s3://models/teams/vision/m/1/" + "a".repeat(10 * 1024))) {
            var result = send("dev", post("/deployments"), spec("hostile", modelUri(uri)));
            assertThat(result.getResponse().getStatus()).as(uri).isEqualTo(400);
            assertThat(body(result).get("errors").has("modelUri")).as(uri).isTrue();
        }
    }

    // ---- zones ----

    @Test
    void theZonesShowOnlyTheUsersOwnTeamsDeployments() throws Exception {
        created(send("dev2", post("/deployments"), spec("language-only", "\"replicas\": 2")
                .replace("\"vision\"", "\"language\"")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(zonesJson("admin").toString())
                .contains("language/language-only"));

        assertThat(zonesJson("dev").toString()).doesNotContain("language/");
        assertThat(zonesJson("dev").size()).isEqualTo(zonesJson("admin").size());
        var page = mvc.perform(get("/deployments/zones").with(signedInAs(users, "dev")).accept(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("language-only");
        assertThat(zonesJson("dev2").toString()).contains("language/language-only");
    }

    // ---- versions ----

    @Test
    void aMadeUpHigherVersionDoesNotUndoAnotherUsersEdit() throws Exception {
        var read = created(send("dev", post("/deployments"), spec("versioned", "\"replicas\": 1")))
                .get("resourceVersion").asString();
        var edit = send("lead", put("/deployments/vision/versioned"), spec("versioned",
                "\"replicas\": 2, \"resourceVersion\": \"" + read + "\""));
        assertThat(edit.getResponse().getStatus()).as(edit.getResponse().getContentAsString()).isEqualTo(200);

        for (var madeUp : List.of("999999999", "0", "-1", "abc")) {
            var overwrite = send("dev", put("/deployments/vision/versioned"), spec("versioned",
                    "\"replicas\": 1, \"resourceVersion\": \"" + madeUp + "\""));
            assertThat(overwrite.getResponse().getStatus()).as(madeUp).isEqualTo(409);
            assertThat(body(overwrite).get("errors").has("resourceVersion")).isTrue();
        }
        assertThat(client.apps().deployments().inNamespace("vision").withName("versioned").get().getSpec()
                .getReplicas()).isEqualTo(2);
    }

    // ---- half-made deployments ----

    @Test
    void aCreateWhoseServiceCannotBeMadeIsUndoneAndLeavesTheForeignServiceAlone() throws Exception {
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace("vision").withName("taken")
                .addToLabels("app", "someone-elses").endMetadata().withNewSpec().addNewPort().withPort(80).endPort()
                .endSpec().build()).create();

        var refused = send("dev", post("/deployments"), spec("taken", "\"replicas\": 1"));

        assertThat(refused.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(refused).get("errors").get("name").asString()).contains("Service");
        assertThat(client.apps().deployments().inNamespace("vision").withName("taken").get()).isNull();
        assertThat(client.services().inNamespace("vision").withName("taken").get().getMetadata().getLabels())
                .containsEntry("app", "someone-elses");
    }

    @Test
    void aServiceLeftWithoutItsDeploymentIsVisibleDeletableAndDoesNotBlockTheName() throws Exception {
        created(send("dev", post("/deployments"), spec("half-made", "\"replicas\": 1")));
        client.apps().deployments().inNamespace("vision").withName("half-made").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.apps().deployments().inNamespace("vision")
                .withName("half-made").get() == null);
        assertThat(client.services().inNamespace("vision").withName("half-made").get()).isNotNull();

        var seen = mvc.perform(get("/deployments/vision/half-made").with(signedInAs(users, "dev"))
                .accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(seen.getResponse().getStatus()).isEqualTo(404);
        assertThat(body(seen).get("detail").asString()).contains("Service");

        var deleted = send("dev", delete("/deployments/vision/half-made"), null);
        assertThat(deleted.getResponse().getStatus()).isEqualTo(204);
        assertThat(client.services().inNamespace("vision").withName("half-made").get()).isNull();

        var again = send("dev", delete("/deployments/vision/half-made"), null);
        assertThat(again.getResponse().getStatus()).isEqualTo(404);
        var outcomes = audit.search(new AuditQuery("dev", "deployment.delete", null, 0, 100)).stream()
                .filter(event -> event.target().equals("vision/half-made")).map(event -> event.outcome().name())
                .toList();
        assertThat(outcomes).containsExactlyInAnyOrder("SUCCESS", "FAILURE");

        created(send("dev", post("/deployments"), spec("half-made", "\"replicas\": 1")));
    }

    @Test
    void aServiceLeftFromAnEarlierDeploymentIsTakenOverByANewCreate() throws Exception {
        created(send("dev", post("/deployments"), spec("leftover", "\"replicas\": 1")));
        client.apps().deployments().inNamespace("vision").withName("leftover").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> caches.get(io.fabric8.kubernetes.api.model.apps
                .Deployment.class, "vision", "leftover").isEmpty());

        var again = send("dev", post("/deployments"), spec("leftover", "\"replicas\": 1, \"port\": 9000"));

        created(again);
        assertThat(client.services().inNamespace("vision").withName("leftover").get().getSpec().getPorts().get(0)
                .getPort()).isEqualTo(9000);
    }

    // ---- concurrency ----

    @Test
    void concurrentDeletesOfOneDeploymentSucceedOnce() throws Exception {
        created(send("dev", post("/deployments"), spec("deleted-once", "\"replicas\": 1")));
        var threads = 6;
        var barrier = new CyclicBarrier(threads);
        var statuses = new ConcurrentLinkedQueue<Integer>();
        inParallel(threads, () -> {
            barrier.await(10, TimeUnit.SECONDS);
            statuses.add(send("dev", delete("/deployments/vision/deleted-once"), null).getResponse().getStatus());
            return null;
        });
        assertThat(statuses).hasSize(threads);
        assertThat(statuses.stream().filter(status -> status == 204)).hasSize(1);
        assertThat(statuses.stream().filter(status -> status == 404)).hasSize(threads - 1);
        var successes = audit.search(new AuditQuery("dev", "deployment.delete", null, 0, 100)).stream()
                .filter(event -> event.target().equals("vision/deleted-once"))
                .filter(event -> event.outcome().name().equals("SUCCESS")).count();
        assertThat(successes).isEqualTo(1);
    }

    @Test
    void concurrentCreatesUpdatesAndDeletesLeaveEveryNameWholeOrAbsentAndFree() throws Exception {
        var names = List.of("race-a", "race-b", "race-c");
        var threads = 8;
        var until = Instant.now().plusSeconds(4);
        var unexpected = new ConcurrentLinkedQueue<String>();
        inParallel(threads, () -> {
            var random = ThreadLocalRandom.current();
            while (Instant.now().isBefore(until)) {
                var name = names.get(random.nextInt(names.size()));
                var result = switch (random.nextInt(4)) {
                    case 0, 1 -> send("dev", post("/deployments"), spec(name, random.nextBoolean()
                            ? "\"replicas\": 1"
                            : "\"autoscaling\": {\"enabled\": true, \"minReplicas\": 1, \"maxReplicas\": 2}"));
                    case 2 -> send("dev", post("/deployments/vision/" + name + "/scale"),
                            "{\"replicas\": " + random.nextInt(3) + "}");
                    default -> send("dev", delete("/deployments/vision/" + name), null);
                };
                if (result.getResponse().getStatus() >= 500) {
                    unexpected.add(name + ": " + result.getResponse().getStatus() + " "
                            + result.getResponse().getContentAsString());
                }
            }
            return null;
        });
        assertThat(unexpected).isEmpty();

        for (var name : names) {
            var deployment = client.apps().deployments().inNamespace("vision").withName(name).get();
            var service = client.services().inNamespace("vision").withName(name).get();
            var autoscaler = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("vision")
                    .withName(name).get();
            if (deployment == null) {
                assertThat(service).as(name + ": a Service without its Deployment").isNull();
                assertThat(autoscaler).as(name + ": an autoscaler without its Deployment").isNull();
            } else {
                assertThat(service).as(name + ": a Deployment without its Service").isNotNull();
                var wantsAutoscaler = deployment.getMetadata().getAnnotations()
                        .get(DeploymentManifests.SPEC_ANNOTATION).contains("\"enabled\":true");
                assertThat(autoscaler != null).as(name + ": autoscaler as the spec says").isEqualTo(wantsAutoscaler);
                assertThat(send("dev", delete("/deployments/vision/" + name), null).getResponse().getStatus())
                        .isEqualTo(204);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> caches.get(io.fabric8.kubernetes.api.model.apps
                    .Deployment.class, "vision", name).isEmpty());
            created(send("dev", post("/deployments"), spec(name, "\"replicas\": 1")));
            assertThat(send("dev", delete("/deployments/vision/" + name), null).getResponse().getStatus())
                    .isEqualTo(204);
        }
    }

    // ---- helpers ----

    /** Runs the task on that many threads at once and waits for all; the first failure fails the test. */
    private static void inParallel(int threads, Callable<Void> task) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<Void>>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            for (var future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private MvcResult send(String user, MockHttpServletRequestBuilder request, String body) throws Exception {
        request.with(signedInAs(users, user)).with(csrf()).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request).andReturn();
    }

    /** Asserts a 201 and returns its body (the detail as written, with the version to send on an update). */
    private JsonNode created(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return body(result);
    }

    private JsonNode zonesJson(String user) throws Exception {
        var result = mvc.perform(get("/deployments/zones").with(signedInAs(users, user))
                .accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return body(result);
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private static String modelUri(String uri) {
        return "\"modelUri\": \"" + uri + "\"";
    }

    private static String spec(String name, String extra) {
        return DeploymentsApiIntegrationTests.spec(name, extra);
    }
}
