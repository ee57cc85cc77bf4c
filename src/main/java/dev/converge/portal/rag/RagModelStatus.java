package dev.converge.portal.rag;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the reconciler last saw of a {@link RagModel}: written to the status subresource only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RagModelStatus {

    public Phase phase;
    public List<Condition> conditions = new ArrayList<>();
    /** The runtime's in-cluster URL (its Service). */
    public String endpoint;
    /** The base model in words, for {@code kubectl get ragm}. */
    public String baseModel;
    public Integer indexedDocuments;
    public Integer failedDocuments;
    public Integer chunks;
    public String lastIndexedAt;
    public Long observedGeneration;

    public enum Phase {
        Pending, Indexing, Ready, Degraded, Failed
    }

    /** As Kubernetes conditions: {@code Indexed} and {@code Available}, with a reason and a message in words. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Condition {
        public String type;
        public String status;
        public String reason;
        public String message;
        public String lastTransitionTime;

        public Condition() {
        }

        public Condition(String type, boolean status, String reason, String message, String lastTransitionTime) {
            this.type = type;
            this.status = status ? "True" : "False";
            this.reason = reason;
            this.message = message;
            this.lastTransitionTime = lastTransitionTime;
        }
    }
}
