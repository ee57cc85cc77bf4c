package dev.converge.portal.rag.web;

import java.util.ArrayList;
import java.util.List;

import dev.converge.portal.rag.RagModelDetail;
import dev.converge.portal.rag.RagModelRequest;
import dev.converge.portal.rag.RagModelSpec;

/**
 * The HTML form of a RAG model, for a new one and for an edit (one form, one template: {@code rag/form}). It holds
 * the settings a team changes; on edit, what the form does not show (documents bucket and prefix, runtime image) is
 * kept from the current spec. The JSON API takes the whole spec.
 */
public class RagModelForm {

    private String namespace;
    private String name;
    private String baseDeployment;
    private String endpointUrl;
    private String endpointModel;
    private String endpointSecretRef;
    private String embeddingUrl;
    private String embeddingModel;
    private String embeddingSecretRef;
    private Integer topK;
    private Integer chunkSize;
    private Integer chunkOverlap;
    private Double scoreThreshold;
    private Integer replicas;
    private String cpu;
    private String memory;
    private String zoneStrategy;
    private List<String> zones = new ArrayList<>();
    /** On edit: the version the form was loaded from, so a change made meanwhile is refused (409), not lost. */
    private String resourceVersion;
    /** On edit: the spec's generation at that version; still current means only the status changed since. */
    private Long generation;

    /** The form prefilled with a RAG model's spec as stored (unset values stay empty: their defaults apply). */
    static RagModelForm of(RagModelDetail detail) {
        var form = new RagModelForm();
        form.namespace = detail.summary().namespace();
        form.name = detail.summary().name();
        form.resourceVersion = detail.resourceVersion();
        form.generation = detail.generation();
        var spec = detail.spec() == null ? new RagModelSpec() : detail.spec();
        if (spec.baseModel != null) {
            form.baseDeployment = spec.baseModel.deployment;
            if (spec.baseModel.endpoint != null) {
                form.endpointUrl = spec.baseModel.endpoint.url;
                form.endpointModel = spec.baseModel.endpoint.model;
                form.endpointSecretRef = spec.baseModel.endpoint.secretRef;
            }
        }
        if (spec.embedding != null && spec.embedding.endpoint != null) {
            form.embeddingUrl = spec.embedding.endpoint.url;
            form.embeddingModel = spec.embedding.endpoint.model;
            form.embeddingSecretRef = spec.embedding.endpoint.secretRef;
        }
        if (spec.retrieval != null) {
            form.topK = spec.retrieval.topK;
            form.chunkSize = spec.retrieval.chunkSize;
            form.chunkOverlap = spec.retrieval.chunkOverlap;
            form.scoreThreshold = spec.retrieval.scoreThreshold;
        }
        if (spec.runtime != null) {
            form.replicas = spec.runtime.replicas;
            if (spec.runtime.resources != null) {
                form.cpu = spec.runtime.resources.cpu;
                form.memory = spec.runtime.resources.memory;
            }
        }
        if (spec.zones != null) {
            form.zoneStrategy = spec.zones.strategy == null ? null : spec.zones.strategy.name();
            form.zones = spec.zones.zones == null ? new ArrayList<>() : new ArrayList<>(spec.zones.zones);
        }
        return form;
    }

    /** A new RAG model. */
    RagModelRequest toRequest() {
        return new RagModelRequest(trimmed(namespace), trimmed(name), toSpec(), null);
    }

    /** The change of an existing RAG model: the form's settings over what the form does not show of {@code current}. */
    RagModelRequest toUpdate(RagModelSpec current) {
        var spec = toSpec();
        if (current != null) {
            spec.documents = current.documents;
            if (current.runtime != null && current.runtime.image != null) {
                spec.runtime = spec.runtime == null ? new RagModelSpec.Runtime() : spec.runtime;
                spec.runtime.image = current.runtime.image;
            }
            if (spec.embedding == null && current.embedding != null && current.embedding.model != null) {
                spec.embedding = new RagModelSpec.Embedding();
                spec.embedding.model = current.embedding.model;
            }
        }
        return new RagModelRequest(trimmed(namespace), trimmed(name), spec, trimmed(resourceVersion), generation);
    }

    private RagModelSpec toSpec() {
        var spec = new RagModelSpec();
        spec.baseModel = new RagModelSpec.BaseModel();
        if (blank(endpointUrl)) {
            spec.baseModel.deployment = trimmed(baseDeployment);
        } else {
            spec.baseModel.endpoint = endpoint(endpointUrl, endpointModel, endpointSecretRef);
        }
        if (!blank(embeddingUrl)) {
            spec.embedding = new RagModelSpec.Embedding();
            spec.embedding.endpoint = endpoint(embeddingUrl, embeddingModel, embeddingSecretRef);
        }
        if (topK != null || chunkSize != null || chunkOverlap != null || scoreThreshold != null) {
            spec.retrieval = new RagModelSpec.Retrieval();
            spec.retrieval.topK = topK;
            spec.retrieval.chunkSize = chunkSize;
            spec.retrieval.chunkOverlap = chunkOverlap;
            spec.retrieval.scoreThreshold = scoreThreshold;
        }
        if (replicas != null || !blank(cpu) || !blank(memory)) {
            spec.runtime = new RagModelSpec.Runtime();
            spec.runtime.replicas = replicas;
            if (!blank(cpu) || !blank(memory)) {
                spec.runtime.resources = new RagModelSpec.Resources();
                spec.runtime.resources.cpu = trimmed(cpu);
                spec.runtime.resources.memory = trimmed(memory);
            }
        }
        var chosenZones = zones == null ? List.<String>of() : zones.stream().filter(z -> !blank(z)).toList();
        if (!blank(zoneStrategy) || !chosenZones.isEmpty()) {
            spec.zones = new RagModelSpec.Zones();
            spec.zones.strategy = blank(zoneStrategy) ? null : strategy(zoneStrategy.strip());
            spec.zones.zones = chosenZones.isEmpty() ? null : chosenZones;
        }
        return spec;
    }

    /** Empty (the default) or one of the strategies; the controller refuses anything else as a field error. */
    boolean knownZoneStrategy() {
        return blank(zoneStrategy) || strategy(zoneStrategy.strip()) != null;
    }

    private static RagModelSpec.Strategy strategy(String value) {
        for (var strategy : RagModelSpec.Strategy.values()) {
            if (strategy.name().equals(value)) {
                return strategy;
            }
        }
        return null;
    }

    private static RagModelSpec.Endpoint endpoint(String url, String model, String secretRef) {
        var endpoint = new RagModelSpec.Endpoint();
        endpoint.url = trimmed(url);
        endpoint.model = trimmed(model);
        endpoint.secretRef = trimmed(secretRef);
        return endpoint;
    }

    /** The form field showing a spec field's error (JSON path → form property); null: shown above the form. */
    static String formField(String jsonPath) {
        return switch (jsonPath) {
            case "namespace", "name" -> jsonPath;
            case "spec.baseModel", "spec.baseModel.deployment" -> "baseDeployment";
            case "spec.baseModel.endpoint.url" -> "endpointUrl";
            case "spec.baseModel.endpoint.model" -> "endpointModel";
            case "spec.baseModel.endpoint.secretRef" -> "endpointSecretRef";
            case "spec.embedding.model", "spec.embedding.endpoint.url" -> "embeddingUrl";
            case "spec.embedding.endpoint.model" -> "embeddingModel";
            case "spec.embedding.endpoint.secretRef" -> "embeddingSecretRef";
            case "spec.retrieval.topK" -> "topK";
            case "spec.retrieval.chunkSize" -> "chunkSize";
            case "spec.retrieval.chunkOverlap" -> "chunkOverlap";
            case "spec.retrieval.scoreThreshold" -> "scoreThreshold";
            case "spec.runtime.replicas" -> "replicas";
            case "spec.runtime.resources.cpu" -> "cpu";
            case "spec.runtime.resources.memory" -> "memory";
            case "spec.zones.strategy" -> "zoneStrategy";
            case "spec.zones.zones" -> "zones";
            default -> null;
        };
    }

    private static String trimmed(String text) {
        return blank(text) ? null : text.strip();
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
    public String getEmbeddingUrl() { return embeddingUrl; }
    public void setEmbeddingUrl(String embeddingUrl) { this.embeddingUrl = embeddingUrl; }
    public String getEmbeddingModel() { return embeddingModel; }
    public void setEmbeddingModel(String embeddingModel) { this.embeddingModel = embeddingModel; }
    public String getEmbeddingSecretRef() { return embeddingSecretRef; }
    public void setEmbeddingSecretRef(String embeddingSecretRef) { this.embeddingSecretRef = embeddingSecretRef; }
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
    public String getCpu() { return cpu; }
    public void setCpu(String cpu) { this.cpu = cpu; }
    public String getMemory() { return memory; }
    public void setMemory(String memory) { this.memory = memory; }
    public String getZoneStrategy() { return zoneStrategy; }
    public void setZoneStrategy(String zoneStrategy) { this.zoneStrategy = zoneStrategy; }
    public List<String> getZones() { return zones; }
    public void setZones(List<String> zones) { this.zones = zones; }
    public Long getGeneration() { return generation; }
    public void setGeneration(Long generation) { this.generation = generation; }
    public String getResourceVersion() { return resourceVersion; }
    public void setResourceVersion(String resourceVersion) { this.resourceVersion = resourceVersion; }
}
