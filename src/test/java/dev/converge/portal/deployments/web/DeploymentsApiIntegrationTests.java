package dev.converge.portal.deployments.web;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON API against the sandbox cluster: the simulated scheduler places the pods, the informer caches feed the
 * answers, and every change lands in the audit log.
 */
@SpringBootTest(properties = "portal.sandbox.pod-start-delay=100ms")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DeploymentsApiIntegrationTests {

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
    JsonMapper json;

    @Test
    void theFormIsPrefilledFromABuildsDeployLink() throws Exception {
        var page = mvc.perform(get("/deployments/new").param("namespace", "vision").param("image", "registry.local/resnet:2")
                        .param("modelUri", "s3://models/teams/vision/resnet/2/model.onnx")
                        .with(signedInAs(users, "dev")).accept(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("value=\"registry.local/resnet:2\"",
                "value=\"s3://models/teams/vision/resnet/2/model.onnx\"");
    }

    @BeforeEach
    void cachesKnowTheNodes() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
    }

    @Test
    void aMultiZoneDeploymentSpreadsItsPodsOverTheChosenZones() throws Exception {
        var created = create("dev", spec("spread", """
                "replicas": 4, "zones": {"strategy": "multi", "zones": ["zone-a", "zone-b"]}"""));
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/deployments/vision/spread");

        var pods = awaitPods("vision", "spread", 4, "Running");
        var zones = pods.stream().map(pod -> pod.get("zone").asString()).toList();
        assertThat(new TreeSet<>(zones)).containsExactly("zone-a", "zone-b");
        assertThat(zones.stream().filter("zone-a"::equals).count()).isEqualTo(2);
        var listed = body(mvc.perform(get("/deployments?namespace=vision&zone=zone-b&q=spread")
                .accept(MediaType.APPLICATION_JSON).with(signedInAs(users, "dev"))).andReturn());
        assertThat(listed.get("items")).hasSize(1);
        assertThat(listed.get("items").get(0).get("zones").toString()).contains("zone-a", "zone-b");
    }

    @Test
    void aSingleZoneDeploymentStaysInItsZone() throws Exception {
        create("dev", spec("pinned", """
                "replicas": 3, "zones": {"strategy": "single", "zones": ["zone-c"]}"""));

        var pods = awaitPods("vision", "pinned", 3, "Running");

        assertThat(pods).allSatisfy(pod -> assertThat(pod.get("zone").asString()).isEqualTo("zone-c"));
    }

    @Test
    void anAutoscaledDeploymentStartsWithItsMinimumReplicasReadyWithoutTheAutoscaler() throws Exception {
        // The sandbox runs no autoscaler controller: the minimum must come from the Deployment itself.
        create("dev", spec("autoscaled-min", """
                "replicas": 1, "autoscaling": {"enabled": true, "minReplicas": 3, "maxReplicas": 5}"""));

        awaitPods("vision", "autoscaled-min", 3, "Running");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var summary = detail("dev", "vision", "autoscaled-min").get("summary");
            assertThat(summary.get("ready").asInt()).isEqualTo(3);
            assertThat(summary.get("desired").asInt()).isEqualTo(3);
        });
    }

    @Test
    void anOversizeGpuRequestStaysPendingAndSaysWhy() throws Exception {
        create("dev", spec("huge-gpu", """
                "resources": {"cpu": "1", "memory": "1Gi", "gpu": 8, "gpuType": "nvidia-l4"},
                "zones": {"strategy": "single", "zones": ["zone-b"]}"""));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var detail = detail("dev", "vision", "huge-gpu");
            assertThat(detail.get("pods")).hasSize(1);
            assertThat(detail.get("pods").get(0).get("phase").asString()).isEqualTo("Pending");
            assertThat(detail.get("pods").get(0).get("reason").asString())
                    .isEqualTo("No node in zone-b has 8 free nvidia-l4 GPUs (the largest has 2).");
            assertThat(detail.get("events").toString()).contains("No node in zone-b has 8 free nvidia-l4 GPUs");
            assertThat(detail.get("summary").get("state").asString()).isEqualTo("Unschedulable");
            assertThat(detail.get("summary").get("reason").asString())
                    .isEqualTo("No node in zone-b has 8 free nvidia-l4 GPUs (the largest has 2).");
        });
    }

    @Test
    void theStatusSortUsesTheStateTheRowShowsUnschedulableIncluded() throws Exception {
        create("dev", spec("sorted-a-huge", """
                "resources": {"cpu": "1", "memory": "1Gi", "gpu": 8, "gpuType": "nvidia-l4"},
                "zones": {"strategy": "single", "zones": ["zone-b"]}"""));
        create("dev", spec("sorted-b-fine", "\"replicas\": 1"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var listed = body(mvc.perform(get("/deployments?namespace=vision&q=sorted-&sort=status")
                    .accept(MediaType.APPLICATION_JSON).with(signedInAs(users, "dev"))).andReturn());
            var rows = new ArrayList<String>();
            listed.get("items").forEach(item -> rows.add(item.get("name").asString() + " "
                    + item.get("state").asString()));
            assertThat(rows).containsExactly("sorted-b-fine Ready", "sorted-a-huge Unschedulable");
        });
    }

    @Test
    void updateRedeployScaleRollbackAndDeleteDoWhatTheySayAndAreAudited() throws Exception {
        create("dev", spec("lifecycle", """
                "replicas": 2, "autoscaling": {"enabled": false}"""));
        awaitPods("vision", "lifecycle", 2, "Running");
        var version = detail("dev", "vision", "lifecycle").get("resourceVersion").asString();

        var updated = mvc.perform(put("/deployments/vision/lifecycle").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .content(spec("lifecycle", "\"image\": \"registry.local/vision/server:2.0\", \"replicas\": 2, "
                        + "\"resourceVersion\": \"" + version + "\"").replace(
                        "\"image\": \"registry.local/vision/server:1.0\",", ""))).andReturn();
        assertThat(updated.getResponse().getStatus()).as(updated.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(image("lifecycle")).isEqualTo("registry.local/vision/server:2.0");

        action("redeploy", "lifecycle", "");
        assertThat(client.apps().deployments().inNamespace("vision").withName("lifecycle").get().getSpec()
                .getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");

        action("scale", "lifecycle", "{\"replicas\": 3}");
        assertThat(client.apps().deployments().inNamespace("vision").withName("lifecycle").get().getSpec()
                .getReplicas()).isEqualTo(3);
        awaitPods("vision", "lifecycle", 3, "Running");

        action("rollback", "lifecycle", "");
        var rolledBack = client.apps().deployments().inNamespace("vision").withName("lifecycle").get();
        assertThat(rolledBack.getSpec().getReplicas()).isEqualTo(2);
        assertThat(image("lifecycle")).isEqualTo("registry.local/vision/server:2.0");
        assertThat(detail("dev", "vision", "lifecycle").get("revisions")).hasSize(4);

        var deleted = mvc.perform(delete("/deployments/vision/lifecycle").with(signedInAs(users, "dev"))
                .with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(deleted.getResponse().getStatus()).isEqualTo(204);
        assertThat(client.apps().deployments().inNamespace("vision").withName("lifecycle").get()).isNull();
        assertThat(client.services().inNamespace("vision").withName("lifecycle").get()).isNull();

        var actions = audit.search(new AuditQuery("dev", "deployment.", null, 0, 100)).stream()
                .filter(event -> event.target().equals("vision/lifecycle")).map(event -> event.action()).toList();
        assertThat(actions).contains("deployment.create", "deployment.update", "deployment.redeploy",
                "deployment.scale", "deployment.rollback", "deployment.delete");
    }

    @Test
    void anUpdateBasedOnAStaleVersionIsRefusedSayingWhatChanged() throws Exception {
        create("dev", spec("stale", "\"replicas\": 1"));
        var loaded = detail("dev", "vision", "stale").get("resourceVersion").asString();
        action("scale", "stale", "{\"replicas\": 2}");

        var refused = mvc.perform(put("/deployments/vision/stale").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .content(spec("stale", "\"replicas\": 1, \"resourceVersion\": \"" + loaded + "\""))).andReturn();

        assertThat(refused.getResponse().getStatus()).isEqualTo(409);
        assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(body(refused).get("detail").asString()).contains("replicas: 1 → 2", "by dev");
        assertThat(client.apps().deployments().inNamespace("vision").withName("stale").get().getSpec()
                .getReplicas()).isEqualTo(2);
    }

    @Test
    void aChangedNameIsRefusedWithAFieldErrorOnPutAndOnTheEditFormNotIgnored() throws Exception {
        var created = create("dev", spec("keeps-name", "\"replicas\": 1"));
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        var version = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> detail("dev", "vision", "keeps-name").get("resourceVersion").asString(), v -> true);

        var put = mvc.perform(put("/deployments/vision/keeps-name").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .content(spec("renamed", "\"replicas\": 2, \"resourceVersion\": \"" + version + "\""))).andReturn();
        assertThat(put.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(put).get("errors").get("name").asString()).contains("cannot be changed");

        var form = mvc.perform(post("/deployments/vision/keeps-name").with(signedInAs(users, "dev")).with(csrf())
                .accept(MediaType.TEXT_HTML).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("namespace", "vision").param("name", "renamed").param("image", "registry.local/x:1")
                .param("cpu", "100m").param("memory", "128Mi").param("replicas", "2").param("strategy", "any")
                .param("resourceVersion", version)).andReturn();
        assertThat(form.getResponse().getStatus()).isEqualTo(200);
        assertThat(form.getResponse().getContentAsString()).contains("id=\"name-error\"", "cannot be changed")
                .contains("action=\"/deployments/vision/keeps-name\"");

        assertThat(client.apps().deployments().inNamespace("vision").withName("keeps-name").get().getSpec()
                .getReplicas()).as("nothing changed").isEqualTo(1);
        assertThat(client.apps().deployments().inNamespace("vision").withName("renamed").get()).isNull();
    }

    @Test
    void aDuplicateNameIsAConflictAndNothingChanges() throws Exception {
        create("dev", spec("twice", "\"replicas\": 1"));

        var again = create("dev", spec("twice", "\"replicas\": 5"));

        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(again).get("errors").get("name").asString()).contains("already exists");
        assertThat(client.apps().deployments().inNamespace("vision").withName("twice").get().getSpec()
                .getReplicas()).isEqualTo(1);
    }

    @Test
    void thePagesDeployShowEditAndDeleteWithoutJavaScript() throws Exception {
        var bad = mvc.perform(post("/deployments").with(signedInAs(users, "dev")).with(csrf())
                .accept(MediaType.TEXT_HTML).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("namespace", "vision").param("name", "page-model").param("image", "registry.local/x:1")
                .param("cpu", "two").param("memory", "1Gi").param("replicas", "1").param("strategy", "multi")
                .param("zones", "zone-a")).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(200);
        assertThat(bad.getResponse().getContentAsString()).contains("field-invalid", "must be a CPU amount",
                "at least two different zones");

        var good = mvc.perform(post("/deployments").with(signedInAs(users, "dev")).with(csrf())
                .accept(MediaType.TEXT_HTML).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("namespace", "vision").param("name", "page-model").param("image", "registry.local/x:1")
                .param("cpu", "100m").param("memory", "128Mi").param("replicas", "2").param("strategy", "multi")
                .param("zones", "zone-a", "zone-b").param("autoscaling", "true").param("minReplicas", "2")
                .param("maxReplicas", "4").param("targetCpuUtilization", "75")
                .param("env", "LOG_LEVEL=debug\n")).andReturn();
        assertThat(good.getResponse().getRedirectedUrl()).isEqualTo("/deployments/vision/page-model");
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("vision")
                .withName("page-model").get().getSpec().getMaxReplicas()).isEqualTo(4);

        for (var page : List.of("/deployments", "/deployments/new", "/deployments/zones",
                "/deployments/vision/page-model", "/deployments/vision/page-model/edit",
                "/deployments/vision/page-model/delete")) {
            var result = mvc.perform(get(page).with(signedInAs(users, "dev")).accept(MediaType.TEXT_HTML))
                    .andReturn();
            assertThat(result.getResponse().getStatus()).as(page).isEqualTo(200);
            assertThat(result.getResponse().getContentAsString()).as(page).doesNotContain("??");
        }
        var list = mvc.perform(get("/deployments?q=page-model").with(signedInAs(users, "dev"))
                .accept(MediaType.TEXT_HTML)).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("sse-swap=\"deployment-row-vision-page-model\"");

        var pod = awaitPods("vision", "page-model", 2, "Running").get(0).get("name").asString();
        var logs = mvc.perform(get("/deployments/vision/page-model/pods/" + pod + "/logs")
                .with(signedInAs(users, "dev")).accept(MediaType.TEXT_HTML)).andReturn();
        assertThat(logs.getResponse().getStatus()).isEqualTo(200);
        assertThat(logs.getResponse().getContentAsString()).contains("Application startup complete")
                .contains("sse-swap=\"pod-log-vision-" + pod + "\"").contains("hx-swap=\"beforeend\"");
        var download = mvc.perform(get("/deployments/vision/page-model/pods/" + pod + "/logs?download")
                .with(signedInAs(users, "dev"))).andReturn().getResponse();
        assertThat(download.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"" + pod + ".log\"");
        assertThat(download.getContentAsString()).contains("Uvicorn running on");
        var renewed = mvc.perform(get("/deployments/vision/page-model/pods/" + pod + "/logs/follow")
                .with(signedInAs(users, "dev"))).andReturn().getResponse();
        assertThat(renewed.getStatus()).isEqualTo(204);
        var otherTeam = mvc.perform(get("/deployments/vision/page-model/pods/" + pod + "/logs/follow")
                .with(signedInAs(users, "dev2"))).andReturn().getResponse();
        assertThat(otherTeam.getStatus()).isEqualTo(403);

        var deleted = mvc.perform(post("/deployments/vision/page-model/delete").with(signedInAs(users, "dev"))
                .with(csrf()).accept(MediaType.TEXT_HTML)).andReturn();
        assertThat(deleted.getResponse().getRedirectedUrl()).isEqualTo("/deployments");
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("vision")
                .withName("page-model").get()).isNull();
    }

    @Test
    void viewersReadButNeverChangeAndNobodyDeploysIntoAnotherTeam() throws Exception {
        create("dev", spec("readonly", "\"replicas\": 1"));
        detail("viewer", "vision", "readonly");

        var byViewer = mvc.perform(post("/deployments/vision/readonly/redeploy").with(signedInAs(users, "viewer"))
                .with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn();
        var intoLanguage = create("dev", spec("intruder", "\"replicas\": 1").replace("\"vision\"",
                "\"language\""));
        var readLanguage = mvc.perform(get("/deployments/language/anything").with(signedInAs(users, "dev"))
                .accept(MediaType.APPLICATION_JSON)).andReturn();

        assertThat(byViewer.getResponse().getStatus()).isEqualTo(403);
        assertThat(intoLanguage.getResponse().getStatus()).isEqualTo(403);
        assertThat(readLanguage.getResponse().getStatus()).isEqualTo(403);
        assertThat(client.apps().deployments().inNamespace("language").withName("intruder").get()).isNull();
        assertThat(audit.search(new AuditQuery("viewer", "deployment.redeploy", null, 0, 10)))
                .anySatisfy(event -> assertThat(event.outcome().name()).isEqualTo("DENIED"));
    }

    /** Messages are keys of messages.properties; answers carry their words, with arguments filled in. */
    @Test
    void errorsAnswerInWordsWithTheirArgumentsFilledIn() throws Exception {
        var invalid = create("dev", spec("too-many", "\"replicas\": 101, \"env\": {\"9x\": \"v\"}"));
        var missing = mvc.perform(get("/deployments/vision/no-such-model").with(signedInAs(users, "dev"))
                .accept(MediaType.APPLICATION_JSON)).andReturn();

        assertThat(invalid.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(invalid).get("detail").asString()).isEqualTo("2 fields need attention.");
        assertThat(body(invalid).get("errors").get("replicas").asString()).isEqualTo("must be between 0 and 100");
        assertThat(body(invalid).get("errors").get("env").asString())
                .isEqualTo("variable names are letters, digits and '_', not starting with a digit: 9x");
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertThat(body(missing).get("detail").asString()).isEqualTo("Deployment vision/no-such-model does not exist.");
    }

    private String image(String name) {
        return client.apps().deployments().inNamespace("vision").withName(name).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }

    private void action(String action, String name, String body) throws Exception {
        var request = post("/deployments/vision/" + name + "/" + action).with(signedInAs(users, "dev")).with(csrf())
                .accept(MediaType.APPLICATION_JSON);
        if (!body.isEmpty()) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        var result = mvc.perform(request).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
    }

    private MvcResult create(String user, String body) throws Exception {
        return mvc.perform(post("/deployments").with(signedInAs(users, user)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON).content(body))
                .andReturn();
    }

    private JsonNode detail(String user, String namespace, String name) throws Exception {
        var result = mvc.perform(get("/deployments/" + namespace + "/" + name).with(signedInAs(users, user))
                .accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return body(result);
    }

    private List<JsonNode> awaitPods(String namespace, String name, int count, String phase) {
        var pods = new ArrayList<JsonNode>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            pods.clear();
            detail("dev", namespace, name).get("pods").forEach(pods::add);
            assertThat(pods).hasSize(count);
            assertThat(pods).allSatisfy(pod -> assertThat(pod.get("phase").asString()).isEqualTo(phase));
        });
        return pods;
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    static String spec(String name, String extra) {
        return """
                {"namespace": "vision", "name": "%s", "image": "registry.local/vision/server:1.0",
                 "protocol": "openai", "port": 8080, %s}""".formatted(name, extra);
    }
}
