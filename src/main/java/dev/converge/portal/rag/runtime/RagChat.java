package dev.converge.portal.rag.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.converge.portal.platform.openai.OpenAiChatRequest;
import dev.converge.portal.platform.openai.OpenAiException;
import dev.converge.portal.platform.openai.OpenAiMessage;
import dev.converge.portal.platform.openai.OpenAiStream;
import dev.converge.portal.platform.openai.OpenAiStreamListener;
import dev.converge.portal.platform.openai.OpenAiUsage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat completions answered with retrieval: the last user message is the query, its topK chunks go into the
 * prompt ({@link ChatPrompt}) in place of that message, the base model answers, and the sources travel back as
 * {@code converge_sources} — in the response, or in the last chunk of a stream (after the chunk that carries the
 * finish reason, before {@code [DONE]}).
 */
public final class RagChat {

    public static final int MAX_MESSAGES = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Beyond the client's own timeouts, which end a stream with an error first. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final RagRuntime runtime;
    private final BaseModel baseModel;

    public RagChat(RagRuntime runtime, BaseModel baseModel) {
        this.runtime = runtime;
        this.baseModel = baseModel;
    }

    /** A request ready for the base model, and the sources its prompt was built from. */
    public record Prepared(OpenAiChatRequest baseRequest, List<ScoredChunk> sources, boolean stream) {
    }

    /** Validates an OpenAI chat request, retrieves, and builds the base model's request. */
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
        if (!absent(stream) && !stream.isBoolean()) {
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
        var forBase = new ArrayList<OpenAiMessage>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            forBase.add(i == last ? OpenAiMessage.user(ChatPrompt.of(sources, question)) : message(messages, i));
        }
        var baseRequest = new OpenAiChatRequest(baseModel.model(), forBase, temperature(request),
                maxTokens(request));
        return new Prepared(baseRequest, sources, stream.asBoolean(false));
    }

    /** The base model's whole answer as an OpenAI chat completion named after the RagModel, with its sources. */
    public ObjectNode complete(Prepared prepared) {
        var answer = baseModel.client().complete(baseModel.endpoint(), prepared.baseRequest());
        var response = NODES.objectNode()
                .put("id", "chatcmpl-" + UUID.randomUUID())
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", runtime.name());
        var choice = response.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer.text());
        choice.put("finish_reason", answer.finishReason() == null ? "stop" : answer.finishReason());
        usage(response, answer.usage());
        response.set("converge_sources", sources(prepared.sources()));
        return response;
    }

    /**
     * Starts the base model's stream and waits for its first token, so that a refusal, an unreachable model or a
     * timeout is thrown here as an {@link OpenAiException}, before anything is sent to the client.
     */
    public Streamed open(Prepared prepared) {
        var streamed = new Streamed(prepared);
        streamed.start();
        return streamed;
    }

    /** A streamed answer under way: {@link #relay} sends its chunks, in the OpenAI format, as they arrive. */
    public final class Streamed implements OpenAiStreamListener {

        private sealed interface Event permits Token, Done, Failed {
        }

        private record Token(String text) implements Event {
        }

        private record Done(OpenAiUsage usage, String finishReason) implements Event {
        }

        private record Failed(OpenAiException error) implements Event {
        }

        private final Prepared prepared;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final String id = "chatcmpl-" + UUID.randomUUID();
        private final long created = System.currentTimeMillis() / 1000;
        private OpenAiStream stream;
        private Event first;

        private Streamed(Prepared prepared) {
            this.prepared = prepared;
        }

        private void start() {
            stream = baseModel.client().stream(baseModel.endpoint(), prepared.baseRequest(), this);
            first = next(baseModel.client().timeouts().firstToken());
            if (first instanceof Failed failed) {
                throw failed.error();
            }
        }

        /**
         * Sends each token as a chunk, then the finish chunk, then one chunk with {@code converge_sources} (and the
         * usage, when the model said). A failure after the first token is sent as an OpenAI error object; a sink
         * that fails (the client went away) cancels the base model's stream.
         */
        public void relay(Consumer<JsonNode> sink) {
            try {
                var event = first;
                boolean role = true;
                while (event instanceof Token token) {
                    sink.accept(chunk(role ? delta().put("role", "assistant").put("content", token.text())
                            : delta().put("content", token.text()), null));
                    role = false;
                    event = next(baseModel.client().timeouts().betweenTokens());
                }
                if (event instanceof Failed failed) {
                    var error = NODES.objectNode();
                    error.putObject("error").put("message", "the base model failed: " + failed.error().getMessage())
                            .put("type", "upstream_error");
                    sink.accept(error);
                    return;
                }
                var done = (Done) event;
                sink.accept(chunk(role ? delta().put("role", "assistant") : delta(),
                        done.finishReason() == null ? "stop" : done.finishReason()));
                var last = header();
                last.putArray("choices");
                usage(last, done.usage());
                last.set("converge_sources", sources(prepared.sources()));
                sink.accept(last);
            } catch (RuntimeException e) {
                stream.cancel();
                throw e;
            }
        }

        public void cancel() {
            stream.cancel();
        }

        private Event next(Duration timeout) {
            try {
                var event = events.poll(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    stream.cancel();
                    return new Failed(new OpenAiException(OpenAiException.Kind.TOKEN_TIMEOUT, "no token in time"));
                }
                return event;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stream.cancel();
                return new Failed(new OpenAiException(OpenAiException.Kind.INCOMPLETE, "interrupted"));
            }
        }

        private ObjectNode header() {
            return NODES.objectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                    .put("model", runtime.name());
        }

        private ObjectNode delta() {
            return NODES.objectNode();
        }

        private ObjectNode chunk(ObjectNode delta, String finishReason) {
            var chunk = header();
            var choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            choice.put("finish_reason", finishReason);
            return chunk;
        }

        @Override
        public void onToken(String text) {
            events.add(new Token(text));
        }

        @Override
        public void onComplete(OpenAiUsage usage, String finishReason) {
            events.add(new Done(usage, finishReason));
        }

        @Override
        public void onError(OpenAiException error) {
            events.add(new Failed(error));
        }
    }

    static ArrayNode sources(List<ScoredChunk> chunks) {
        var sources = NODES.arrayNode();
        for (var chunk : chunks) {
            sources.addObject().put("document", chunk.document()).put("chunk", chunk.chunk())
                    .put("score", chunk.score());
        }
        return sources;
    }

    private static void usage(ObjectNode target, OpenAiUsage usage) {
        if (usage != null && usage.known()) {
            target.putObject("usage").put("prompt_tokens", usage.promptTokens())
                    .put("completion_tokens", usage.completionTokens())
                    .put("total_tokens", usage.promptTokens() + usage.completionTokens());
        }
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private static Double temperature(JsonNode request) {
        var value = request.path("temperature");
        if (absent(value)) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 2) {
            throw RuntimeRequestException.invalid("temperature", "temperature must be a number between 0 and 2");
        }
        return value.asDouble();
    }

    private static Integer maxTokens(JsonNode request) {
        for (var field : List.of("max_tokens", "max_completion_tokens")) {
            var value = request.path(field);
            if (absent(value)) {
                continue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
                throw RuntimeRequestException.invalid(field, field + " must be a whole number of at least 1");
            }
            return value.asInt();
        }
        return null;
    }

    private static OpenAiMessage message(JsonNode messages, int index) {
        var message = messages.get(index);
        var role = message.path("role").asString("");
        var content = text(message.path("content"), "messages[" + index + "].content");
        return switch (role) {
            case "system", "developer" -> OpenAiMessage.system(content);
            case "user" -> OpenAiMessage.user(content);
            case "assistant" -> OpenAiMessage.assistant(content);
            default -> throw RuntimeRequestException.invalid("messages[" + index + "].role",
                    "role must be system, user or assistant");
        };
    }

    private static int lastUserMessage(JsonNode messages) {
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).isObject()) {
                throw RuntimeRequestException.invalid("messages[" + i + "]", "each message must be an object");
            }
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asString(""))) {
                return i;
            }
        }
        throw RuntimeRequestException.invalid("messages", "messages must contain a message with role user");
    }

    /** A message's text: a string, or the text parts of an array of content parts. */
    private static String text(JsonNode content, String field) {
        if (content.isString() && !content.asString().isBlank()) {
            return content.asString();
        }
        if (content.isArray()) {
            var text = new StringBuilder();
            for (var part : content) {
                if ("text".equals(part.path("type").asString("")) && part.path("text").isString()) {
                    text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asString());
                }
            }
            if (!text.toString().isBlank()) {
                return text.toString();
            }
        }
        throw RuntimeRequestException.invalid(field, field + " must be a non-empty string");
    }
}
