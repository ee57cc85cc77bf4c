package dev.converge.portal.sandbox.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** The JSON bodies of the OpenAI API the sandbox model server answers with, shaped as OpenAI's reference has them. */
final class OpenAiBodies {

    static final String OWNED_BY = "converge-sandbox (simulated model)";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenAiBodies() {
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static Map<String, Object> model(long created) {
        return ordered("id", ExtractiveModel.ID, "object", "model", "created", created, "owned_by", OWNED_BY);
    }

    static String models(long created) {
        return json(ordered("object", "list", "data", List.of(model(created))));
    }

    static Map<String, Object> usage(int prompt, int completion) {
        return ordered("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion);
    }

    static String completion(String id, long created, String content, String finishReason, int prompt,
                             int completion) {
        var message = ordered("role", "assistant", "content", content, "refusal", null);
        var choice = ordered("index", 0, "message", message, "logprobs", null, "finish_reason", finishReason);
        return json(ordered("id", id, "object", "chat.completion", "created", created, "model", ExtractiveModel.ID,
                "choices", List.of(choice), "usage", usage(prompt, completion)));
    }

    /** One {@code chat.completion.chunk}; {@code usage} is null on every chunk but the last when it is asked for. */
    static String chunk(String id, long created, Map<String, Object> delta, String finishReason,
                        boolean withUsageField) {
        var choice = ordered("index", 0, "delta", delta, "logprobs", null, "finish_reason", finishReason);
        var chunk = ordered("id", id, "object", "chat.completion.chunk", "created", created, "model",
                ExtractiveModel.ID, "choices", List.of(choice));
        if (withUsageField) {
            chunk.put("usage", null);
        }
        return json(chunk);
    }

    /** The delta of a stream's first chunk: the role, and no content yet. */
    static Map<String, Object> roleDelta() {
        return ordered("role", "assistant", "content", "");
    }

    /** The extra last chunk of {@code stream_options.include_usage}: no choices, the usage of the whole request. */
    static String usageChunk(String id, long created, int prompt, int completion) {
        return json(ordered("id", id, "object", "chat.completion.chunk", "created", created, "model",
                ExtractiveModel.ID, "choices", List.of(), "usage", usage(prompt, completion)));
    }

    static String error(String message, String type, String param, String code) {
        return json(Map.of("error", ordered("message", message, "type", type, "param", param, "code", code)));
    }

    /** The error type OpenAI gives a status. */
    static String errorType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
