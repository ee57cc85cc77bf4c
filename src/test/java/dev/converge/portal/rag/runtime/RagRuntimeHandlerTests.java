package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The protocol called in process, as the sandbox's simulated RagModel pods call it: no server, no sockets. */
class RagRuntimeHandlerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InMemoryDocuments documents = new InMemoryDocuments()
            .put("tides.txt", "Spring tides happen at full moon.")
            .put("deck.pptx", new byte[] {1});
    private final RagRuntime runtime = new RagRuntime("handbook", RetrievalSettings.DEFAULTS, documents,
            new WordHashEmbedder(), Clock.systemUTC());
    private final RagRuntimeHandler handler = new RagRuntimeHandler(runtime, null);

    private RuntimeResponse call(String method, String path, String body) {
        return handler.handle(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readinessIs503UntilIndexedThen200WithCounts() throws Exception {
        var before = call("GET", "/readiness", null);
        assertThat(before.status()).isEqualTo(503);
        assertThat(JSON.readTree(before.bodyText()).path("phase").asString()).isEqualTo("Pending");

        runtime.reindex();
        var after = call("GET", "/readiness?probe=1", null);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.contentType()).isEqualTo("application/json");
        var body = JSON.readTree(after.bodyText());
        assertThat(List.of(body.path("ready").asBoolean(), body.path("phase").asString(),
                body.path("indexedDocuments").asInt(), body.path("failedDocuments").asInt(),
                body.path("chunks").asInt())).containsExactly(true, "Degraded", 1, 1, 1);
    }

    @Test
    void retrievesAndListsDocumentsInProcess() throws Exception {
        runtime.reindex();
        var retrieved = call("POST", "/v1/retrieve", "{\"query\":\"spring tides full moon\"}");
        assertThat(retrieved.status()).isEqualTo(200);
        assertThat(JSON.readTree(retrieved.bodyText()).path("chunks").path(0).path("document").asString())
                .isEqualTo("tides.txt");
        var listed = JSON.readTree(call("GET", "/v1/documents/", null).bodyText()).path("items");
        assertThat(listed.path(0).path("name").asString()).isEqualTo("deck.pptx");
        assertThat(listed.path(0).path("error").asString()).contains("unsupported document type");
        assertThat(listed.path(1).path("error").isNull()).isTrue();
    }

    @Test
    void reindexIsAcceptedAndDone() {
        assertThat(call("POST", "/v1/reindex", null).status()).isEqualTo(202);
        assertThat(runtime.readiness().ready()).as("not started: re-indexed in the caller's thread").isTrue();
    }

    @Test
    void withoutABaseModelChatIsUnavailable() throws Exception {
        var response = call("POST", "/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.status()).isEqualTo(503);
        assertThat(JSON.readTree(response.bodyText()).path("error").path("message").asString())
                .contains("no base model");
    }

    @Test
    void unknownPathsAndMethodsAreRefused() {
        assertThat(call("GET", "/v1/unknown", null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/documents", null).status()).isEqualTo(405);
        assertThat(call("POST", "/health", null).status()).isEqualTo(405);
        assertThat(call("GET", "/health", null).status()).isEqualTo(200);
    }
}
