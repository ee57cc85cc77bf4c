package dev.converge.portal.sandbox.models;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a Chat Completions request the sandbox model reads: {@code messages} (text content, as a string or
 * as {@code text} parts), {@code stream}, {@code stream_options.include_usage}, {@code max_completion_tokens} or
 * {@code max_tokens}. Anything else ({@code model}, {@code temperature}, ...) is accepted and ignored: the model is
 * deterministic. Invalid input is an {@link Invalid} with OpenAI's wording.
 */
record ChatRequest(List<ChatMessage> messages, boolean stream, boolean includeUsage, OptionalInt maxTokens) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A 400 in OpenAI's terms. */
    static final class Invalid extends RuntimeException {
        private final String param;
        private final String code;

        Invalid(String message, String param, String code) {
            super(message, null, false, false);
            this.param = param;
            this.code = code;
        }

        String param() {
            return param;
        }

        String code() {
            return code;
        }
    }

    static ChatRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new Invalid("We could not parse the JSON body of your request. The OpenAI API expects a JSON "
                    + "payload.", null, null);
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("We could not parse the JSON body of your request. The OpenAI API expects a JSON "
                    + "object.", null, null);
        }
        var messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            throw new Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!messages.isArray()) {
            throw new Invalid("Invalid type for 'messages': expected an array, but got " + type(messages)
                    + " instead.", "messages", "invalid_type");
        }
        if (messages.isEmpty()) {
            throw new Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
                    + "empty array instead.", "messages", "empty_array");
        }
        var parsed = new ArrayList<ChatMessage>();
        for (int i = 0; i < messages.size(); i++) {
            parsed.add(message(messages.get(i), "messages[" + i + "]"));
        }
        var stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new Invalid("Invalid type for 'stream': expected a boolean, but got " + type(stream)
                    + " instead.", "stream", "invalid_type");
        }
        var includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        var maxTokens = maxTokens(root, "max_completion_tokens");
        if (maxTokens.isEmpty()) {
            maxTokens = maxTokens(root, "max_tokens");
        }
        return new ChatRequest(List.copyOf(parsed), stream != null && stream.asBoolean(false), includeUsage,
                maxTokens);
    }

    private static ChatMessage message(JsonNode message, String where) {
        if (!message.isObject()) {
            throw new Invalid("Invalid type for '" + where + "': expected an object, but got " + type(message)
                    + " instead.", where, "invalid_type");
        }
        var role = message.path("role").asString("");
        if (role.isEmpty()) {
            throw new Invalid("Missing required parameter: '" + where + ".role'.", where + ".role",
                    "missing_required_parameter");
        }
        var content = message.get("content");
        if (content == null || content.isNull()) {
            return new ChatMessage(role, "");
        }
        if (content.isString()) {
            return new ChatMessage(role, content.asString());
        }
        if (content.isArray()) {
            var text = new StringBuilder();
            for (var part : content) {
                if ("text".equals(part.path("type").asString("")) && part.path("text").isString()) {
                    text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asString());
                }
            }
            return new ChatMessage(role, text.toString());
        }
        throw new Invalid("Invalid type for '" + where + ".content': expected one of a string or an array of "
                + "objects, but got " + type(content) + " instead.", where + ".content", "invalid_type");
    }

    private static OptionalInt maxTokens(JsonNode root, String name) {
        var value = root.get(name);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new Invalid("Invalid type for '" + name + "': expected an integer, but got " + type(value)
                    + " instead.", name, "invalid_type");
        }
        if (value.asInt() < 1) {
            throw new Invalid("Invalid '" + name + "': integer below minimum value. Expected a value >= 1, but got "
                    + value.asInt() + " instead.", name, "integer_below_min_value");
        }
        return OptionalInt.of(value.asInt());
    }

    private static String type(JsonNode node) {
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? "an integer" : "a decimal";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.isObject() ? "an object" : "null";
    }
}
