package dev.converge.portal.rag.web;

import dev.converge.portal.rag.RagModelRequest;
import dev.converge.portal.rag.RagModelSpec;

/** The HTML form of a new RAG model: the common settings; the JSON API takes the whole spec. */
public class RagModelForm {

    private String namespace;
    private String name;
    private String baseDeployment;
    private String endpointUrl;
    private String endpointModel;
    private String endpointSecretRef;
    private Integer topK;
    private Integer chunkSize;
    private Integer chunkOverlap;
    private Double scoreThreshold;
    private Integer replicas;

    RagModelRequest toRequest() {
        var spec = new RagModelSpec();
        spec.baseModel = new RagModelSpec.BaseModel();
        if (blank(endpointUrl)) {
            spec.baseModel.deployment = blank(baseDeployment) ? null : baseDeployment.strip();
        } else {
            spec.baseModel.endpoint = new RagModelSpec.Endpoint();
            spec.baseModel.endpoint.url = endpointUrl.strip();
            spec.baseModel.endpoint.model = blank(endpointModel) ? null : endpointModel.strip();
            spec.baseModel.endpoint.secretRef = blank(endpointSecretRef) ? null : endpointSecretRef.strip();
        }
        if (topK != null || chunkSize != null || chunkOverlap != null || scoreThreshold != null) {
            spec.retrieval = new RagModelSpec.Retrieval();
            spec.retrieval.topK = topK;
            spec.retrieval.chunkSize = chunkSize;
            spec.retrieval.chunkOverlap = chunkOverlap;
            spec.retrieval.scoreThreshold = scoreThreshold;
        }
        if (replicas != null) {
            spec.runtime = new RagModelSpec.Runtime();
            spec.runtime.replicas = replicas;
        }
        return new RagModelRequest(blank(namespace) ? null : namespace.strip(), blank(name) ? null : name.strip(),
                spec, null);
    }

    /** The form field showing a spec field's error (JSON path → form property). */
    static String formField(String jsonPath) {
        return switch (jsonPath) {
            case "namespace", "name" -> jsonPath;
            case "spec.baseModel", "spec.baseModel.deployment" -> "baseDeployment";
            case "spec.baseModel.endpoint.url" -> "endpointUrl";
            case "spec.baseModel.endpoint.model" -> "endpointModel";
            case "spec.baseModel.endpoint.secretRef" -> "endpointSecretRef";
            case "spec.retrieval.topK" -> "topK";
            case "spec.retrieval.chunkSize" -> "chunkSize";
            case "spec.retrieval.chunkOverlap" -> "chunkOverlap";
            case "spec.retrieval.scoreThreshold" -> "scoreThreshold";
            case "spec.runtime.replicas" -> "replicas";
            default -> null;
        };
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getBaseDeployment() { return baseDeployment; }
    public void setBaseDeployment(String baseDeployment) { this.baseDeployment = baseDeployment; }
    public String getEndpointUrl() { return endpointUrl; }
    public void setEndpointUrl(String endpointUrl) { this.endpointUrl = endpointUrl; }
    public String getEndpointModel() { return endpointModel; }
    public void setEndpointModel(String endpointModel) { this.endpointModel = endpointModel; }
    public String getEndpointSecretRef() { return endpointSecretRef; }
    public void setEndpointSecretRef(String endpointSecretRef) { this.endpointSecretRef = endpointSecretRef; }
    public Integer getTopK() { return topK; }
    public void setTopK(Integer topK) { this.topK = topK; }
    public Integer getChunkSize() { return chunkSize; }
    public void setChunkSize(Integer chunkSize) { this.chunkSize = chunkSize; }
    public Integer getChunkOverlap() { return chunkOverlap; }
    public void setChunkOverlap(Integer chunkOverlap) { this.chunkOverlap = chunkOverlap; }
    public Double getScoreThreshold() { return scoreThreshold; }
    public void setScoreThreshold(Double scoreThreshold) { this.scoreThreshold = scoreThreshold; }
    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
}
