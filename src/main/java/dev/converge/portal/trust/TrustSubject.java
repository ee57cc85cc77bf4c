package dev.converge.portal.trust;

/**
 * Something a scorecard is kept for: a model deployment now, a RAG model once the RAG feature lists them.
 * {@code kind} is {@code deployment} or {@code rag}; {@code image} is what it runs (null: nothing of its own, so
 * provenance does not apply); {@code workload} its pod template and pods (null: availability and safety do not
 * apply).
 */
public record TrustSubject(String kind, String namespace, String name, String image, Workload workload) {

    public static final String DEPLOYMENT = "deployment";
    public static final String RAG = "rag";

    public String key() {
        return kind + "/" + namespace + "/" + name;
    }
}
