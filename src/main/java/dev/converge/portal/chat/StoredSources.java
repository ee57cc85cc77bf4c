package dev.converge.portal.chat;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sources of a finished answer as they are stored: a JSON array, marked, in the message's {@code reason} column,
 * which a finished answer does not use otherwise (an interrupted one keeps its reason there and has no sources).
 * No schema change for now: a dedicated column needs a migration. The column holds 1000 characters; the
 * best-matching sources that fit are kept.
 */
final class StoredSources {

    static final String MARK = "sources:";
    private static final int COLUMN_LIMIT = 1000;

    private final JsonMapper json;

    StoredSources(JsonMapper json) {
        this.json = json;
    }

    /** The column value, or null when there are none. */
    String encode(List<ChatMessage.Source> sources) {
        var kept = new ArrayList<>(sources);
        while (!kept.isEmpty()) {
            var text = MARK + json.writeValueAsString(kept);
            if (text.length() <= COLUMN_LIMIT) {
                return text;
            }
            kept.remove(kept.size() - 1);
        }
        return null;
    }

    static boolean holdsSources(String column) {
        return column != null && column.startsWith(MARK);
    }

    List<ChatMessage.Source> decode(String column) {
        if (!holdsSources(column)) {
            return List.of();
        }
        try {
            return List.of(json.readValue(column.substring(MARK.length()), ChatMessage.Source[].class));
        } catch (JacksonException e) {
            return List.of();
        }
    }
}
