package dev.converge.portal.rag;

import java.util.List;

/** A RagModel's spec with every default filled in, so manifests, views and validation never meet a null. */
record RagDefaults(String namespace, String name, RagModelSpec spec) {

    static final int TOP_K = 4;
    static final int CHUNK_SIZE = 1000;
    static final int CHUNK_OVERLAP = 100;
    static final String CPU = "500m";
    static final String MEMORY = "1Gi";

    static RagDefaults of(RagModel model) {
        return new RagDefaults(model.getMetadata().getNamespace(), model.getMetadata().getName(),
                model.getSpec() == null ? new RagModelSpec() : model.getSpec());
    }

    static String defaultPrefix(String namespace, String name) {
        return namespace + "/" + name + "/";
    }

    String image(RagSettings settings) {
        return spec.runtime != null && spec.runtime.image != null && !spec.runtime.image.isBlank()
                ? spec.runtime.image : settings.runtimeImage();
    }

    int replicas() {
        return spec.runtime != null && spec.runtime.replicas != null ? spec.runtime.replicas : 1;
    }

    String cpu() {
        return spec.runtime != null && spec.runtime.resources != null && spec.runtime.resources.cpu != null
                ? spec.runtime.resources.cpu : CPU;
    }

    String memory() {
        return spec.runtime != null && spec.runtime.resources != null && spec.runtime.resources.memory != null
                ? spec.runtime.resources.memory : MEMORY;
    }

    String embeddingModel() {
        return spec.embedding != null && spec.embedding.endpoint != null ? spec.embedding.endpoint.model
                : RagModelSpec.BUILT_IN_EMBEDDING;
    }

    RagModelSpec.Endpoint embeddingEndpoint() {
        return spec.embedding == null ? null : spec.embedding.endpoint;
    }

    /** Null: the portal's documents bucket. */
    String bucketOrNull() {
        return spec.documents == null || spec.documents.bucket == null || spec.documents.bucket.isBlank() ? null
                : spec.documents.bucket;
    }

    String bucket() {
        var bucket = bucketOrNull();
        return bucket == null ? "" : bucket;
    }

    String prefix() {
        return spec.documents == null || spec.documents.prefix == null || spec.documents.prefix.isBlank()
                ? defaultPrefix(namespace, name) : spec.documents.prefix;
    }

    int topK() {
        return spec.retrieval != null && spec.retrieval.topK != null ? spec.retrieval.topK : TOP_K;
    }

    int chunkSize() {
        return spec.retrieval != null && spec.retrieval.chunkSize != null ? spec.retrieval.chunkSize : CHUNK_SIZE;
    }

    int chunkOverlap() {
        return spec.retrieval != null && spec.retrieval.chunkOverlap != null ? spec.retrieval.chunkOverlap
                : CHUNK_OVERLAP;
    }

    double scoreThreshold() {
        return spec.retrieval != null && spec.retrieval.scoreThreshold != null ? spec.retrieval.scoreThreshold : 0;
    }

    String zoneStrategy() {
        return spec.zones != null && spec.zones.strategy != null ? spec.zones.strategy.name() : "any";
    }

    List<String> zones() {
        return spec.zones != null && spec.zones.zones != null ? spec.zones.zones : List.of();
    }

    /** The base model in words, e.g. {@code deployment llama} or {@code gpt-4o at https://…}. */
    String baseModelText() {
        var base = spec.baseModel;
        if (base == null) {
            return "";
        }
        if (base.deployment != null) {
            return base.deployment;
        }
        return base.endpoint == null ? "" : base.endpoint.model;
    }
}
