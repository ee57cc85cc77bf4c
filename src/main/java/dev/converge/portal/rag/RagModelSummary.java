package dev.converge.portal.rag;

import java.time.Instant;

/**
 * A row of the RAG models list. {@code source} is {@code converge} for the portal's own RagModels and
 * {@code kaito} or {@code llamastack} for other operators' resources found through discovery (read-only).
 */
public record RagModelSummary(String namespace, String name, String source, String kind, String phase,
                              String baseModel, Integer documents, Integer chunks, String endpoint,
                              Instant createdAt) {

    public static final String CONVERGE = "converge";

    public boolean own() {
        return CONVERGE.equals(source);
    }
}
