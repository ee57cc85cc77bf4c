package dev.converge.portal.builds;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Artifacts and builds end to end on the sandbox cluster and the embedded S3 server, through the JSON API as an API
 * client would use it.
 */
@SpringBootTest(properties = {"portal.sandbox.build-duration=2s", "portal.sandbox.pod-start-delay=100ms",
        "portal.artifacts.max-size=12MB"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class BuildsIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    MinioClient minio;

    @Autowired
    ArtifactStore store;

    @Autowired
    KubernetesClient client;

    @Autowired
    AuditLog audit;

    @Autowired
    JsonMapper json;

    @Test
    void anUploadOverTenMebibytesIsStoredWithItsSha256() throws Exception {
        var bytes = randomBytes(11 * 1024 * 1024);
        var name = "big-" + suffix();
        mvc.perform(multipart("/artifacts").file(new MockMultipartFile("file", "model.onnx",
                                "application/octet-stream", bytes))
                        .param("namespace", "vision").param("name", name).param("version", "1.0")
                        .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.key").value("teams/vision/" + name + "/1.0/model.onnx"))
                .andExpect(jsonPath("$.sha256").value(sha256(bytes)))
                .andExpect(jsonPath("$.size").value(bytes.length))
                .andExpect(jsonPath("$.uploadedBy").value("dev"));

        var stat = minio.statObject(StatObjectArgs.builder().bucket(store.bucketName(Bucket.ARTIFACTS))
                .object("teams/vision/" + name + "/1.0/model.onnx").build());
        assertThat(stat.size()).isEqualTo(bytes.length);
        assertThat(stat.userMetadata().get("Sha256")).containsExactly(sha256(bytes));

        mvc.perform(get("/artifacts").param("q", name).with(signedInAs(users, "dev")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].key").value("teams/vision/" + name + "/1.0/model.onnx"));
        mvc.perform(get("/artifacts").param("q", name).with(signedInAs(users, "dev2"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().json("[]"));
    }

    @Test
    void uploadsOverTheLimitOrWithBadFieldsStoreNothing() throws Exception {
        var name = "huge-" + suffix();
        mvc.perform(multipart("/artifacts").file(new MockMultipartFile("file", "m.bin", null,
                                randomBytes(13 * 1024 * 1024)))
                        .param("namespace", "vision").param("name", name).param("version", "1")
                        .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isPayloadTooLarge());
        assertThat(store.list(Bucket.ARTIFACTS, "teams/vision/" + name, null, 10).objects()).isEmpty();

        mvc.perform(multipart("/artifacts").file(new MockMultipartFile("file", "m.bin", null, new byte[10]))
                        .param("namespace", "vision").param("name", "../etc").param("version", "")
                        .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.name").exists())
                .andExpect(jsonPath("$.errors.version").exists());

        mvc.perform(multipart("/artifacts").file(new MockMultipartFile("file", "m.bin", null, new byte[10]))
                        .param("namespace", "language").param("name", "x").param("version", "1")
                        .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden());
        mvc.perform(multipart("/artifacts").file(new MockMultipartFile("file", "m.bin", null, new byte[10]))
                        .param("namespace", "vision").param("name", "x").param("version", "1")
                        .with(signedInAs(users, "viewer")).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden());
    }

    @Test
    void aBuildRunsToSucceededAndItsLogIsServed() throws Exception {
        var key = upload("ok");
        var name = "ok-" + suffix();
        create(name, key, "{}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.sha256").isNotEmpty())
                .andExpect(jsonPath("$.createdBy").value("dev"));

        var pod = client.pods().inNamespace("vision").withName(name).get();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getMetadata().getLabels()).containsEntry("converge.dev/kind", "build")
                .containsEntry("converge.dev/team", "vision").containsEntry("converge.dev/created-by", "dev");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("converge.dev/artifact", key);
        assertThat(pod.getSpec().getInitContainers().get(0).getCommand().get(2)).contains("sha256sum -c");
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);

        awaitStatus(name, "SUCCEEDED");
        mvc.perform(get("/ai-converge/builds/SUCCEEDED").with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name", hasItem(name)));
        mvc.perform(get("/ai-converge/builds/vision/" + name + "/logs").with(signedInAs(users, "dev")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Build finished: exit code 0")));
        mvc.perform(get("/ai-converge/builds/vision/" + name).with(signedInAs(users, "dev")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"deploy-build\"")));

        var image = json.readTree(mvc.perform(get("/ai-converge/builds/vision/" + name)
                        .with(signedInAs(users, "dev")).accept(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString()).path("build").path("image").asString();
        assertThat(image).as("the image the build pushed, pinned by digest")
                .matches("registry\\.converge\\.local/vision/ok-[a-z0-9]+@sha256:[0-9a-f]{64}");
    }

    @Test
    void aBuildWithANonZeroExitFailsAndCanBeRetried() throws Exception {
        var key = upload("fail");
        var name = "fail-" + suffix();
        create(name, key, "{\"SANDBOX_EXIT_CODE\":\"3\"}").andExpect(status().isCreated());
        awaitStatus(name, "FAILED");
        mvc.perform(get("/ai-converge/builds/vision/" + name).with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.build.message").value(containsString("exit")))
                .andExpect(jsonPath("$.timeline[0].step").value("created"));

        mvc.perform(post("/ai-converge/builds/vision/" + name + "/retry").with(signedInAs(users, "dev"))
                        .with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value(name + "-r2"))
                .andExpect(jsonPath("$.retryOf").value(name));
        assertThat(audit.search(new AuditQuery("dev", "build.retry", null, 0, 10))).isNotEmpty();
    }

    /**
     * A cancel stops the pod by shortening its deadline (the kubelet ends it, as on a real cluster) and keeps it:
     * the build reads CANCELLED with who and when, in its own tab, and cannot be cancelled twice.
     */
    @Test
    void aCancelledBuildIsStoppedAndKeptAsCancelledWithWhoAndWhen() throws Exception {
        var key = upload("cancel");
        var name = "cancel-" + suffix();
        create(name, key, "{}").andExpect(status().isCreated());
        // a pod just created has no status yet
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(
                client.pods().inNamespace("vision").withName(name).get().getStatus().getPhase()).isEqualTo("Running"));
        mvc.perform(post("/ai-converge/builds/vision/" + name + "/cancel").with(signedInAs(users, "dev"))
                        .with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNoContent());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.pods().inNamespace("vision").withName(name).get().getStatus().getPhase())
                        .as("the kubelet stopped it").isEqualTo("Failed"));
        mvc.perform(get("/ai-converge/builds/vision/" + name).with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.build.status").value("CANCELLED"))
                .andExpect(jsonPath("$.build.cancelledBy").value("dev"))
                .andExpect(jsonPath("$.build.cancelledAt").isNotEmpty())
                .andExpect(jsonPath("$.build.message").doesNotExist())
                .andExpect(jsonPath("$.timeline[*].step", hasItem("cancelled")));
        mvc.perform(get("/ai-converge/builds/cancelled").with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$[*].name", hasItem(name)));
        mvc.perform(post("/ai-converge/builds/vision/" + name + "/cancel").with(signedInAs(users, "dev"))
                        .with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isConflict());

        // a retry of it runs again with the timeout it was started with, not the one the cancel left
        mvc.perform(post("/ai-converge/builds/vision/" + name + "/retry").with(signedInAs(users, "dev"))
                        .with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PENDING"));
        var retry = client.pods().inNamespace("vision").withName(name + "-r2").get();
        assertThat(retry.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
        assertThat(retry.getMetadata().getAnnotations()).doesNotContainKeys("converge.dev/cancelled-by",
                "converge.dev/cancelled-at");
    }

    @Test
    void badBuildsAreRefusedWithoutCreatingAPod() throws Exception {
        var key = upload("bad");
        mvc.perform(post("/ai-converge/build").with(signedInAs(users, "dev")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content("""
                                {"namespace":"vision","name":"Bad_Name","artifact":"%s","baseImage":"not an image",
                                 "command":"","resources":{"cpu":"lots","memory":"-1","gpu":9},"timeoutSeconds":5}
                                """.formatted(key)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.name").exists())
                .andExpect(jsonPath("$.errors.baseImage").exists())
                .andExpect(jsonPath("$.errors.command").exists())
                .andExpect(jsonPath("$['errors']['resources.cpu']").exists())
                .andExpect(jsonPath("$['errors']['resources.memory']").exists())
                .andExpect(jsonPath("$['errors']['resources.gpu']").exists())
                .andExpect(jsonPath("$.errors.timeoutSeconds").exists());

        create("missing-" + suffix(), "teams/vision/nope/1/none.bin", "{}").andExpect(status().isNotFound());
        var foreign = "foreign-" + suffix();
        mvc.perform(post("/ai-converge/build").with(signedInAs(users, "dev2")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content(body("language", foreign, key, "{}")))
                .andExpect(status().isForbidden());
        assertThat(client.pods().inNamespace("language").withName(foreign).get()).isNull();
        var mismatch = "mismatch-" + suffix();
        mvc.perform(post("/ai-converge/build").with(signedInAs(users, "dev")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content(body("vision", mismatch, key, "{}").replace("}$", "")
                                .replaceFirst("\\{", "{\"sha256\":\"" + "0".repeat(64) + "\",")))
                .andExpect(status().isConflict());
        assertThat(client.pods().inNamespace("vision").withName(mismatch).get()).isNull();
        mvc.perform(post("/ai-converge/build").with(signedInAs(users, "viewer")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content(body("vision", "viewer-" + suffix(), key, "{}")))
                .andExpect(status().isForbidden());
    }

    @Test
    void anUnknownStatusIsA400ListingTheValidOnes() throws Exception {
        mvc.perform(get("/ai-converge/builds/Running").with(signedInAs(users, "dev")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        mvc.perform(get("/ai-converge/builds/sleeping").with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("pending, running, succeeded, failed, cancelled, unknown, all")));
    }

    @Test
    void thePagesRender() throws Exception {
        mvc.perform(get("/ai-converge/builds").with(signedInAs(users, "dev")))
                .andExpect(status().isOk()).andExpect(content().string(containsString("build-results")));
        mvc.perform(get("/ai-converge/build").with(signedInAs(users, "dev")))
                .andExpect(status().isOk()).andExpect(content().string(containsString("build-form")));
        mvc.perform(get("/artifacts").with(signedInAs(users, "dev")))
                .andExpect(status().isOk()).andExpect(content().string(containsString("artifact-upload")));
        mvc.perform(post("/ai-converge/build").with(signedInAs(users, "dev")).with(csrf())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "BAD").param("artifact", "x")
                        .param("baseImage", "python:3.11").param("command", "make").param("gpu", "two"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("field-invalid")));
    }

    private org.springframework.test.web.servlet.ResultActions create(String name, String key, String env)
            throws Exception {
        return mvc.perform(post("/ai-converge/build").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .content(body("vision", name, key, env)));
    }

    private static String body(String namespace, String name, String key, String env) {
        return """
                {"namespace":"%s","name":"%s","artifact":"%s","baseImage":"python:3.11-slim",
                 "command":"python package.py","resources":{"cpu":"500m","memory":"1Gi","gpu":0},"env":%s}
                """.formatted(namespace, name, key, env);
    }

    private void awaitStatus(String name, String expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var body = mvc.perform(get("/ai-converge/builds/vision/" + name).with(signedInAs(users, "dev"))
                    .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse().getContentAsString();
            assertThat(json.readTree(body).path("build").path("status").asString()).isEqualTo(expected);
        });
    }

    private String upload(String prefix) throws Exception {
        var name = prefix + "-" + suffix();
        mvc.perform(multipart("/artifacts").file(new MockMultipartFile("file", "model.bin", null, randomBytes(1024)))
                        .param("namespace", "vision").param("name", name).param("version", "1")
                        .with(signedInAs(users, "dev")).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());
        return "teams/vision/" + name + "/1/model.bin";
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] randomBytes(int size) {
        var bytes = new byte[size];
        new SplittableRandom(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
