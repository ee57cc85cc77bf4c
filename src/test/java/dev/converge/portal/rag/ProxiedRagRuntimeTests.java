package dev.converge.portal.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.portal.platform.kubernetes.ServiceProxy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The runtime's contract through the API server's service proxy, against a stub API server. */
class ProxiedRagRuntimeTests {

    private static final String PROXY = "/api/v1/namespaces/vision/services/rag-docs:8080/proxy";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private ProxiedRagRuntime runtime;

    @BeforeEach
    void stubApiServer() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
        runtime = new ProxiedRagRuntime(new ServiceProxy(client), RagSettings.defaults(), JsonMapper.builder().build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void readinessIsReadFromTheRuntimeAlsoWhenItAnswers503() {
        server.expect().get().withPath(PROXY + "/readiness").andReturn(503, """
                {"ready":false,"phase":"Indexing","indexedDocuments":3,"failedDocuments":1,"chunks":20,
                 "lastIndexedAt":null}""").once();

        var readiness = runtime.readiness("vision", "docs");

        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.phase()).isEqualTo("Indexing");
        assertThat(readiness.indexedDocuments()).isEqualTo(3);
        assertThat(readiness.failedDocuments()).isEqualTo(1);
        assertThat(readiness.chunks()).isEqualTo(20);
    }

    @Test
    void documentsAndRetrieveFollowTheContract() throws InterruptedException {
        server.expect().get().withPath(PROXY + "/v1/documents").andReturn(200, """
                {"items":[{"name":"a.md","size":12,"sha256":"ab","chunks":2,"indexedAt":"2026-12-01T00:00:00Z",
                 "error":null},{"name":"b.pdf","size":5,"sha256":"cd","chunks":0,"indexedAt":null,
                 "error":"not a PDF"}]}""").once();
        server.expect().post().withPath(PROXY + "/v1/retrieve").andReturn(200, """
                {"chunks":[{"document":"a.md","chunk":1,"text":"hello","score":0.83}]}""").once();

        assertThat(runtime.documents("vision", "docs")).extracting(RagRuntime.IndexedDocument::name,
                RagRuntime.IndexedDocument::error).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a.md", null),
                        org.assertj.core.groups.Tuple.tuple("b.pdf", "not a PDF"));
        var chunks = runtime.retrieve("vision", "docs", "hi", 2);
        assertThat(chunks).singleElement().satisfies(c -> {
            assertThat(c.document()).isEqualTo("a.md");
            assertThat(c.score()).isEqualTo(0.83);
        });
        var sent = server.getLastRequest().getBody().readUtf8();
        assertThat(sent).contains("\"query\":\"hi\"", "\"topK\":2");
    }

    @Test
    void aProxyErrorIsTheRuntimeNotReachableWithTheReason() {
        server.expect().get().withPath(PROXY + "/readiness").andReturn(502, "bad gateway").once();
        server.expect().get().withPath(PROXY + "/v1/documents").andReturn(200, "{\"kind\":\"Status\"}").once();

        assertThatThrownBy(() -> runtime.readiness("vision", "docs")).isInstanceOf(RuntimeUnreachable.class)
                .satisfies(e -> assertThat(((RuntimeUnreachable) e).reason()).isEqualTo("HTTP 502"));
        assertThatThrownBy(() -> runtime.documents("vision", "docs")).isInstanceOf(RuntimeUnreachable.class)
                .satisfies(e -> assertThat(((RuntimeUnreachable) e).reason()).contains("without a documents list"));
    }
}
