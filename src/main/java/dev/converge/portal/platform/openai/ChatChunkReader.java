package dev.converge.portal.platform.openai;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a streamed chat completion line by line, as the lines arrive: Server-Sent Events whose {@code data} is a
 * {@code chat.completion.chunk}, ended by {@code data: [DONE]}. Comments ({@code :}) and other fields are ignored;
 * an event's data may span several {@code data:} lines. Not thread-safe: one reader per stream, fed in order.
 */
final class ChatChunkReader {

    /** What the reader saw in one line. */
    enum Step { MORE, DONE }

    private final JsonMapper json;
    private final OpenAiStreamListener listener;
    private final StringBuilder data = new StringBuilder();
    /** The event's data as {@link #looksComplete()} parsed it, so that {@link #dispatch()} need not parse it again. */
    private JsonNode parsed;
    private OpenAiUsage usage = OpenAiUsage.UNKNOWN;
    private String finishReason;
    private boolean sawToken;

    ChatChunkReader(JsonMapper json, OpenAiStreamListener listener) {
        this.json = json;
        this.listener = listener;
    }

    /** Takes one line (without its line end); throws {@link OpenAiException} when the line is not the protocol. */
    Step line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Step.MORE;
        }
        if (line.startsWith("data:")) {
            var value = line.substring(5);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (!data.isEmpty()) {
                data.append('\n');
            }
            data.append(value);
            // Most servers end each event with a blank line; some (and proxies that strip them) do not.
            if (looksComplete()) {
                return dispatch();
            }
        }
        return Step.MORE;
    }

    /** At the end of the body: whatever was not dispatched yet, then whether the answer was finished. */
    Step end() {
        return data.isEmpty() ? Step.MORE : dispatch();
    }

    boolean finished() {
        return finishReason != null;
    }

    boolean sawToken() {
        return sawToken;
    }

    OpenAiUsage usage() {
        return usage;
    }

    String finishReason() {
        return finishReason;
    }

    private boolean looksComplete() {
        var text = data.toString();
        if ("[DONE]".equals(text)) {
            return true;
        }
        try {
            parsed = json.readTree(text);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    private Step dispatch() {
        var chunk = parsed;
        parsed = null;
        var text = data.toString().strip();
        data.setLength(0);
        if (text.isEmpty()) {
            return Step.MORE;
        }
        if ("[DONE]".equals(text)) {
            return Step.DONE;
        }
        if (chunk == null) {
            try {
                chunk = json.readTree(text);
            } catch (JacksonException e) {
                throw new OpenAiException(OpenAiException.Kind.MALFORMED, "a stream event is not JSON");
            }
        }
        if (!chunk.isObject()) {
            throw new OpenAiException(OpenAiException.Kind.MALFORMED, "a stream event is not a JSON object");
        }
        if (chunk.has("error")) {
            throw new OpenAiException(OpenAiException.Kind.UPSTREAM_STATUS, 0, OpenAiClient.errorMessage(chunk), null);
        }
        var usageNode = chunk.path("usage");
        if (usageNode.isObject()) {
            usage = new OpenAiUsage(usageNode.path("prompt_tokens").asInt(-1),
                    usageNode.path("completion_tokens").asInt(-1));
        }
        var sources = OpenAiSource.of(chunk);
        if (!sources.isEmpty()) {
            listener.onSources(sources);
        }
        var choices = chunk.path("choices");
        if (!choices.isArray()) {
            if (!sources.isEmpty()) {
                return Step.MORE;
            }
            if (usageNode.isObject()) {
                return Step.MORE;
            }
            throw new OpenAiException(OpenAiException.Kind.MALFORMED, "a stream event has no choices");
        }
        if (choices.isEmpty()) {
            return Step.MORE;
        }
        var choice = choices.get(0);
        var content = choice.path("delta").path("content");
        if (content.isString() && !content.asString().isEmpty()) {
            sawToken = true;
            listener.onToken(content.asString());
        }
        var finish = choice.path("finish_reason");
        if (finish.isString()) {
            finishReason = finish.asString();
        }
        return Step.MORE;
    }
}
