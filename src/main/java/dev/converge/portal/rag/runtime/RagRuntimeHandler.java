package dev.converge.portal.rag.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.converge.portal.platform.openai.OpenAiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runtime's HTTP contract, independent of any server: {@code handle(method, path, body)} answers
 * {@code GET /v1/models}, {@code POST /v1/chat/completions}, {@code POST /v1/retrieve}, {@code GET /v1/documents},
 * {@code POST /v1/reindex}, {@code GET /health} and {@code GET /readiness}. The runtime role's controller and the
 * sandbox's in-process pods both call it, so both speak exactly the same protocol. Errors are OpenAI-shaped:
 * {@code {"error":{"message","type","param"}}}.
 */
public final class RagRuntimeHandler {

    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(RagRuntimeHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RagRuntime runtime;
    private final RagChat chat;

    /** @param chat null when the RagModel has no base model: chat completions then answer 503 */
    public RagRuntimeHandler(RagRuntime runtime, RagChat chat) {
        this.runtime = runtime;
        this.chat = chat;
    }

    public RagRuntime runtime() {
        return runtime;
    }

    public RuntimeResponse handle(String method, String path, byte[] body) {
        try {
            return route(method, stripQuery(path), body == null ? new byte[0] : body);
        } catch (RuntimeRequestException e) {
            return error(e.status(), e.type(), e.param(), e.getMessage());
        } catch (OpenAiException e) {
            log.warn("RAG model {}: the base model failed: {}", runtime.name(), e.getMessage());
            return error(e.isTimeout() ? 504 : 502, "upstream_error", null, "the base model failed: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            log.error("RAG model {} failed to answer {} {}", runtime.name(), method, path, e);
            return error(500, "server_error", null, "the RAG runtime failed: " + e.getMessage());
        }
    }

    private RuntimeResponse route(String method, String path, byte[] body) {
        return switch (path) {
            case "/health" -> expect("GET", method, () -> RuntimeResponse.json(200, "{\"status\":\"UP\"}"));
            case "/readiness" -> expect("GET", method, this::readiness);
            case "/v1/models" -> expect("GET", method, this::models);
            case "/v1/documents" -> expect("GET", method, this::documents);
            case "/v1/retrieve" -> expect("POST", method, () -> retrieve(body));
            case "/v1/reindex" -> expect("POST", method, this::reindex);
            case "/v1/chat/completions" -> expect("POST", method, () -> chat(body));
            default -> error(404, "not_found", null, "no such endpoint: " + path);
        };
    }

    private static RuntimeResponse expect(String wanted, String method, java.util.function.Supplier<RuntimeResponse> action) {
        if (!wanted.equalsIgnoreCase(method)) {
            return error(405, "invalid_request_error", null, "use " + wanted);
        }
        return action.get();
    }

    private RuntimeResponse readiness() {
        var readiness = runtime.readiness();
        var node = JSON.createObjectNode()
                .put("ready", readiness.ready())
                .put("phase", readiness.phase())
                .put("indexedDocuments", readiness.indexedDocuments())
                .put("failedDocuments", readiness.failedDocuments())
                .put("chunks", readiness.chunks())
                .put("lastIndexedAt", readiness.lastIndexedAt() == null ? null : readiness.lastIndexedAt().toString());
        return RuntimeResponse.json(readiness.ready() ? 200 : 503, node.toString());
    }

    private RuntimeResponse models() {
        var node = JSON.createObjectNode().put("object", "list");
        node.putArray("data").addObject()
                .put("id", runtime.name())
                .put("object", "model")
                .put("created", 0)
                .put("owned_by", "converge-rag");
        return RuntimeResponse.json(200, node.toString());
    }

    private RuntimeResponse documents() {
        var node = JSON.createObjectNode();
        var items = node.putArray("items");
        for (var document : runtime.documents()) {
            items.addObject()
                    .put("name", document.name())
                    .put("size", document.size())
                    .put("sha256", document.sha256())
                    .put("chunks", document.chunks())
                    .put("indexedAt", document.indexedAt() == null ? null : document.indexedAt().toString())
                    .put("error", document.error());
        }
        return RuntimeResponse.json(200, node.toString());
    }

    private RuntimeResponse retrieve(byte[] body) {
        var request = object(body);
        var query = request.path("query");
        if (!query.isString()) {
            throw RuntimeRequestException.invalid("query", "query must be a string");
        }
        Integer topK = null;
        var k = request.path("topK");
        if (!k.isMissingNode() && !k.isNull()) {
            if (!k.isIntegralNumber() || !k.canConvertToInt()) {
                throw RuntimeRequestException.invalid("topK", "topK must be a whole number between 1 and "
                        + RetrievalSettings.MAX_TOP_K);
            }
            topK = k.asInt();
        }
        java.util.List<ScoredChunk> chunks;
        try {
            chunks = runtime.retrieve(query.asString(), topK);
        } catch (IllegalArgumentException e) {
            throw RuntimeRequestException.invalid(e.getMessage().startsWith("topK") ? "topK" : "query",
                    e.getMessage());
        }
        var node = JSON.createObjectNode();
        var items = node.putArray("chunks");
        for (var chunk : chunks) {
            items.addObject().put("document", chunk.document()).put("chunk", chunk.chunk())
                    .put("text", chunk.text()).put("score", chunk.score());
        }
        return RuntimeResponse.json(200, node.toString());
    }

    private RuntimeResponse reindex() {
        runtime.requestReindex();
        return RuntimeResponse.json(202, "{\"status\":\"reindexing\"}");
    }

    private RuntimeResponse chat(byte[] body) {
        if (chat == null) {
            return error(503, "server_error", null, "this RAG model has no base model configured");
        }
        var prepared = chat.prepare(object(body));
        if (!prepared.stream()) {
            return RuntimeResponse.json(200, chat.complete(prepared).toString());
        }
        var streamed = chat.open(prepared); // before the 200: a refusal of the base model is still an error status
        return new RuntimeResponse(200, RuntimeResponse.EVENT_STREAM, out -> relay(streamed, out));
    }

    private static void relay(RagChat.Streamed streamed, OutputStream out) throws IOException {
        try {
            streamed.relay(chunk -> send(out, chunk.toString()));
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the client went away; the base model's stream is cancelled
        }
        send(out, "[DONE]");
    }

    private static void send(OutputStream out, String data) {
        try {
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode object(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new RuntimeRequestException(413, "invalid_request_error", null,
                    "the body must be at most " + MAX_BODY_BYTES + " bytes");
        }
        try {
            var node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw RuntimeRequestException.invalid(null, "the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw RuntimeRequestException.invalid(null, "the body is not valid JSON");
        }
    }

    private static RuntimeResponse error(int status, String type, String param, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("error").put("message", message).put("type", type).put("param", param);
        return RuntimeResponse.json(status, node.toString());
    }

    private static String stripQuery(String path) {
        int query = path.indexOf('?');
        var stripped = query < 0 ? path : path.substring(0, query);
        return stripped.length() > 1 && stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1)
                : stripped;
    }
}
