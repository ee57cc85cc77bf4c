package dev.converge.portal.rag;

import java.util.List;

/** A RAG model with its spec, status conditions, runtime pods and recent events, for the detail page and JSON. */
public record RagModelDetail(RagModelSummary summary, RagModelSpec spec, String resourceVersion, Long generation,
                             Long observedGeneration, String lastIndexedAt, Integer failedDocuments,
                             List<ConditionView> conditions, List<PodView> pods, List<EventView> events,
                             String documentsBucket, String documentsPrefix) {

    /** The settings in effect, defaults filled in, for the detail page (a method, not a JSON field). */
    public Settings settings() {
        var effective = new RagDefaults(summary.namespace(), summary.name(), spec == null ? new RagModelSpec() : spec);
        return new Settings(effective.embeddingModel(), effective.topK(), effective.chunkSize(),
                effective.chunkOverlap(), effective.scoreThreshold(), effective.replicas(), effective.cpu(),
                effective.memory(), effective.zoneStrategy(), effective.zones());
    }

    public record Settings(String embeddingModel, int topK, int chunkSize, int chunkOverlap, double scoreThreshold,
                           int replicas, String cpu, String memory, String zoneStrategy, List<String> zones) {
    }

    public record ConditionView(String type, String status, String reason, String message,
                                String lastTransitionTime) {
    }

    public record PodView(String name, String phase, boolean ready, String node) {
    }

    public record EventView(String type, String reason, String message, String lastSeen) {
    }
}
