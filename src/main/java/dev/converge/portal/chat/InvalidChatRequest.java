package dev.converge.portal.chat;

import java.util.Map;

import dev.converge.portal.shared.web.InvalidInput;

/** A chat request or session change that cannot be used; says why per field (400). */
final class InvalidChatRequest extends InvalidInput {

    private InvalidChatRequest(Map<String, String> fields, Map<String, Object[]> args) {
        super(fields, args, "error.invalidInput.detail");
    }

    static InvalidChatRequest field(String field, String messageCode, Object... args) {
        return new InvalidChatRequest(Map.of(field, messageCode), Map.of(field, args));
    }
}
