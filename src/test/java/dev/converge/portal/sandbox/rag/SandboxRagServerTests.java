package dev.converge.portal.sandbox.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.platform.kubernetes.ServiceProxy;
import dev.converge.portal.sandbox.kubernetes.ProxiedPod;
import dev.converge.portal.sandbox.kubernetes.ProxiedRequest;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxRagServerTests {

    private final ServiceProxy proxy = new ServiceProxy(new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl("http://127.0.0.1:6443/").build()).build());
    private final SandboxRagServer server = new SandboxRagServer(bucket -> {
        throw new AssertionError("no store is needed for these requests");
    }, new ClusterUrls(proxy), Clock.systemUTC());

    @AfterEach
    void close() {
        server.close();
        proxy.close();
    }

    @Test
    void claimsThePodsOfRagRuntimesOnly() {
        assertThat(server.serves(pod(Map.of(), Map.of("PORTAL_ROLE", "rag-runtime")))).isTrue();
        assertThat(server.serves(pod(Map.of("converge.dev/kind", "rag"),
                Map.of("PORTAL_RAGRUNTIME_NAME", "handbook")))).isTrue();
        assertThat(server.serves(pod(Map.of("converge.dev/kind", "rag"), Map.of()))).isFalse();
        assertThat(server.serves(pod(Map.of("converge.dev/kind", "model"), Map.of("PORT", "8080")))).isFalse();
    }

    @Test
    void aRuntimeThatCannotStartAnswers503WithTheReason() throws Exception {
        var response = new RecordingResponse();
        server.serve(pod(Map.of(), Map.of("PORTAL_ROLE", "rag-runtime", "PORTAL_RAGRUNTIME_NAMESPACE", "vision",
                "PORTAL_RAGRUNTIME_NAME", "handbook", "PORTAL_RAGRUNTIME_RETRIEVAL_TOPK", "99")),
                new ProxiedRequest("GET", "/readiness", "", Map.of(), new byte[0]), response);

        assertThat(response.ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(response.status).isEqualTo(503);
        assertThat(response.body()).contains("portal.rag-runtime.retrieval.topK");
        assertThat(server.isRunning("vision", "handbook")).isFalse();
    }

    @Test
    void theRagModelOfARuntimeDeploymentComesFromItsEnv() {
        var runtime = new DeploymentBuilder().withNewSpec().withNewTemplate().withNewSpec().addNewContainer()
                .addNewEnv().withName("PORTAL_RAGRUNTIME_NAME").withValue("handbook").endEnv().endContainer()
                .endSpec().endTemplate().endSpec().build();
        assertThat(SandboxRagConfiguration.ragModel(runtime)).contains("handbook");
        assertThat(SandboxRagConfiguration.ragModel(new DeploymentBuilder().withNewSpec().withNewTemplate()
                .withNewSpec().addNewContainer().endContainer().endSpec().endTemplate().endSpec().build())).isEmpty();
        assertThat(SandboxRagConfiguration.ragModel(new DeploymentBuilder().build())).isEmpty();
    }

    @Test
    void theRelaySendsWhatWasFlushedAsOneChunkAndStopsWhenTheClientLeft() throws IOException {
        var response = new RecordingResponse();
        var relay = new ChunkRelay(response);
        relay.write("data: {\"a\":".getBytes(StandardCharsets.UTF_8));
        relay.write("1}\n\n".getBytes(StandardCharsets.UTF_8));
        relay.flush();
        relay.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        relay.flush();
        assertThat(response.chunks).containsExactly("data: {\"a\":1}\n\n", "data: [DONE]\n\n");

        response.open = false;
        relay.write('x');
        assertThatThrownBy(relay::flush).isInstanceOf(IOException.class);
    }

    private static ProxiedPod pod(Map<String, String> labels, Map<String, String> env) {
        return new ProxiedPod("vision", "rag-handbook-abc", labels, "RagModel", "handbook", Map.of(), env, 8080);
    }
}
