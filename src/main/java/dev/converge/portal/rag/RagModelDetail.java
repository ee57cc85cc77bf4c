package dev.converge.portal.rag;

import java.util.List;

/** A RAG model with its spec, status conditions, runtime pods and recent events, for the detail page and JSON. */
public record RagModelDetail(RagModelSummary summary, RagModelSpec spec, String resourceVersion, Long generation,
                             Long observedGeneration, String lastIndexedAt, Integer failedDocuments,
                             List<ConditionView> conditions, List<PodView> pods, List<EventView> events,
                             String documentsBucket, String documentsPrefix) {

    public record ConditionView(String type, String status, String reason, String message,
                                String lastTransitionTime) {
    }

    public record PodView(String name, String phase, boolean ready, String node) {
    }

    public record EventView(String type, String reason, String message, String lastSeen) {
    }
}
