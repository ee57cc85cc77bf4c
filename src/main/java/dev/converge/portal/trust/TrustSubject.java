package dev.converge.portal.trust;

/**
 * Something a scorecard is kept for: a model deployment, or a RAG model ({@code rag.RagTrustSubjects}).
 * {@code kind} is {@code deployment} or {@code rag}; {@code image} is what it runs (null: nothing of its own, so
 * provenance does not apply); {@code workload} its pod template and pods (null: availability and safety do not
 * apply); {@code workloadName} the value of its pods' {@code app.kubernetes.io/name} label, which the cost feature
 * groups a run-rate by (a deployment's own name; {@code rag-<name>} for a RAG model's runtime).
 */
public record TrustSubject(String kind, String namespace, String name, String image, Workload workload,
                           String workloadName) {

    public TrustSubject(String kind, String namespace, String name, String image, Workload workload) {
        this(kind, namespace, name, image, workload, name);
    }

    public static final String DEPLOYMENT = "deployment";
    public static final String RAG = "rag";

    /** The subject's own page, where its spec is fixed. */
    public String path() {
        return (RAG.equals(kind) ? "/rag/models/" : "/deployments/") + namespace + "/" + name;
    }

    public String key() {
        return kind + "/" + namespace + "/" + name;
    }
}
