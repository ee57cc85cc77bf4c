package dev.converge.portal.chat;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sources of a finished answer as they are stored: a JSON array in the message's {@code sources} column (V11;
 * before, they were marked {@code sources:[…]} in the reason column, and V11 moved them). The column holds 4000
 * characters; the best-matching sources that fit are kept.
 */
final class StoredSources {

    static final int COLUMN_LIMIT = 4000;

    private final JsonMapper json;

    StoredSources(JsonMapper json) {
        this.json = json;
    }

    /** The column value, or null when there are none (or not even the best one fits). */
    String encode(List<ChatMessage.Source> sources) {
        var kept = new ArrayList<>(sources);
        while (!kept.isEmpty()) {
            var text = json.writeValueAsString(kept);
            if (text.length() <= COLUMN_LIMIT) {
                return text;
            }
            kept.remove(kept.size() - 1);
        }
        return null;
    }

    List<ChatMessage.Source> decode(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        try {
            return List.of(json.readValue(column, ChatMessage.Source[].class));
        } catch (JacksonException e) {
            return List.of();
        }
    }
}
