package dev.converge.portal.rag.runtime;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat completions answered with retrieval: the last user message is the query, its topK chunks go into the
 * prompt ({@link ChatPrompt}) in place of that message, the base model answers, and the sources travel back as
 * {@code converge_sources} — in the response, or in a last chunk of a stream.
 */
public final class RagChat {

    public static final int MAX_MESSAGES = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RagRuntime runtime;
    private final BaseModel baseModel;

    public RagChat(RagRuntime runtime, BaseModel baseModel) {
        this.runtime = runtime;
        this.baseModel = baseModel;
    }

    /** A request ready for the base model, and the sources its prompt was built from. */
    public record Prepared(ObjectNode baseRequest, List<ScoredChunk> sources, boolean stream) {
    }

    /** Validates an OpenAI chat request, retrieves and builds the base model's request. */
    public Prepared prepare(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw RuntimeRequestException.invalid(null, "the body must be a JSON object");
        }
        var messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw RuntimeRequestException.invalid("messages", "messages must be a non-empty array");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw RuntimeRequestException.invalid("messages", "messages must hold at most " + MAX_MESSAGES);
        }
        var stream = request.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw RuntimeRequestException.invalid("stream", "stream must be true or false");
        }
        int last = lastUserMessage(messages);
        var question = text(messages.get(last).path("content"), "messages[" + last + "].content");
        List<ScoredChunk> sources;
        try {
            sources = runtime.retrieve(question, null);
        } catch (IllegalArgumentException e) {
            throw RuntimeRequestException.invalid("messages[" + last + "].content", e.getMessage());
        }
        var baseRequest = ((ObjectNode) request).deepCopy();
        baseRequest.put("model", baseModel.model());
        var rewritten = (ArrayNode) baseRequest.get("messages");
        rewritten.set(last, NODES.objectNode().put("role", "user").put("content", ChatPrompt.of(sources, question)));
        return new Prepared(baseRequest, sources, stream.asBoolean(false));
    }

    /** The base model's whole answer, named after the RagModel, with {@code converge_sources}. */
    public ObjectNode complete(Prepared prepared) {
        var answer = baseModel.complete(prepared.baseRequest());
        if (!answer.isObject()) {
            throw new IllegalStateException("the base model answered something that is not a JSON object");
        }
        var response = ((ObjectNode) answer).deepCopy();
        response.put("model", runtime.name());
        response.set("converge_sources", sources(prepared.sources()));
        return response;
    }

    /** Calls the base model for a stream: a refusal throws here, before anything is sent to the client. */
    public Stream<JsonNode> open(Prepared prepared) {
        return baseModel.stream(prepared.baseRequest());
    }

    /**
     * Passes the base model's chunks through as they come (renamed to the RagModel), then a last chunk carrying
     * {@code converge_sources}; closes {@code chunks}.
     */
    public void relay(Prepared prepared, Stream<JsonNode> chunks, Consumer<JsonNode> sink) {
        String id = null;
        long created = System.currentTimeMillis() / 1000;
        try (chunks) {
            for (var chunk : (Iterable<JsonNode>) chunks::iterator) {
                if (chunk.isObject()) {
                    var renamed = ((ObjectNode) chunk).deepCopy().put("model", runtime.name());
                    id = id == null ? renamed.path("id").asString(null) : id;
                    created = renamed.path("created").asLong(created);
                    sink.accept(renamed);
                } else {
                    sink.accept(chunk);
                }
            }
        }
        var last = NODES.objectNode()
                .put("id", id == null ? "chatcmpl-rag" : id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", runtime.name());
        last.putArray("choices");
        last.set("converge_sources", sources(prepared.sources()));
        sink.accept(last);
    }

    static ArrayNode sources(List<ScoredChunk> chunks) {
        var sources = NODES.arrayNode();
        for (var chunk : chunks) {
            sources.addObject().put("document", chunk.document()).put("chunk", chunk.chunk())
                    .put("score", chunk.score());
        }
        return sources;
    }

    private static int lastUserMessage(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            var message = messages.get(i);
            if (!message.isObject()) {
                throw RuntimeRequestException.invalid("messages[" + i + "]", "each message must be an object");
            }
            if ("user".equals(message.path("role").asString(""))) {
                return i;
            }
        }
        throw RuntimeRequestException.invalid("messages", "messages must contain a message with role user");
    }

    /** A message's text: a string, or the text parts of an array of content parts. */
    private static String text(JsonNode content, String field) {
        if (content.isString()) {
            return content.asString();
        }
        if (content.isArray()) {
            var text = new StringBuilder();
            for (var part : content) {
                if ("text".equals(part.path("type").asString("")) && part.path("text").isString()) {
                    text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asString());
                }
            }
            if (!text.isEmpty()) {
                return text.toString();
            }
        }
        throw RuntimeRequestException.invalid(field, field + " must be a non-empty string");
    }
}
