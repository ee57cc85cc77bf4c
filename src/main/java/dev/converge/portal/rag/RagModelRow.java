package dev.converge.portal.rag;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.converge.portal.live.LiveRow;

/**
 * What a live RAG model row shows: its phase, why it does not answer (the {@code Available} condition's message,
 * else null) and what is indexed. The list renders the same row the live stream sends ({@code rag-row-<ns>-<name>}).
 */
public record RagModelRow(String namespace, String name, String phase, String reason, Integer documents,
                          Integer chunks, boolean deleted) implements LiveRow {

    RagModelRow asDeleted() {
        return new RagModelRow(namespace, name, phase, null, documents, chunks, true);
    }

    @Override
    public String status() {
        return phase;
    }

    @Override
    public String eventName() {
        return "rag-row-" + namespace + "-" + name;
    }

    @Override
    public Map<String, Object> data() {
        var data = new LinkedHashMap<String, Object>();
        data.put("namespace", namespace);
        data.put("name", name);
        data.put("phase", phase);
        if (reason != null) {
            data.put("reason", reason);
        }
        if (documents != null) {
            data.put("documents", documents);
        }
        if (chunks != null) {
            data.put("chunks", chunks);
        }
        data.put("deleted", deleted);
        return data;
    }
}
