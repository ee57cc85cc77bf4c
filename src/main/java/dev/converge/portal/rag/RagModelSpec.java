package dev.converge.portal.rag;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The desired state of a {@link RagModel}. Plain public fields: the CRD generator reads them (with the validation
 * annotations) into the OpenAPI schema the API server enforces, and the portal's own {@link RagModelValidator}
 * checks what the schema cannot (a base model that exists, a prefix inside the team's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RagModelSpec {

    /** The model that writes the answers. */
    @Required
    public BaseModel baseModel;
    /** How documents and questions are turned into vectors. */
    public Embedding embedding;
    /** Where the documents are in object storage. */
    public Documents documents;
    public Retrieval retrieval;
    public Runtime runtime;
    /** Where the runtime's pods may run, as for deployments. */
    public Zones zones;

    /** Exactly one of {@code deployment} (a portal deployment speaking openai, same namespace) or {@code endpoint}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class BaseModel {
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @Size(max = 63)
        public String deployment;
        public Endpoint endpoint;
    }

    /** An OpenAI-compatible endpoint outside the portal; its key, if any, in a Secret of the namespace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Endpoint {
        @Required
        @Pattern("^https?://.+")
        public String url;
        @Required
        @Size(min = 1, max = 200)
        public String model;
        /** Name of a Secret in the namespace with the key {@code apiKey}. */
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        public String secretRef;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Embedding {
        /** The built-in in-process model; ignored when {@code endpoint} is set. */
        @Default(BUILT_IN_EMBEDDING)
        @Pattern("^" + BUILT_IN_EMBEDDING + "$")
        public String model;
        /** An endpoint speaking OpenAI {@code /v1/embeddings}. */
        public Endpoint endpoint;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Documents {
        /** Default: the portal's documents bucket ({@code portal.storage.documents-bucket}). */
        @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
        public String bucket;
        /** Default: {@code <namespace>/<name>/}. */
        @Size(max = 512)
        public String prefix;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Retrieval {
        @Min(1)
        @Max(50)
        @Default("4")
        public Integer topK;
        /** Characters per chunk. */
        @Min(200)
        @Max(8000)
        @Default("1000")
        public Integer chunkSize;
        @Min(0)
        @Max(4000)
        @Default("100")
        public Integer chunkOverlap;
        /** Chunks scoring lower are not used; 0 keeps every chunk. */
        @Min(0)
        @Max(1)
        public Double scoreThreshold;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Runtime {
        /** Default: the portal's own image ({@code portal.rag.runtime-image}). */
        @Size(max = 512)
        public String image;
        public Resources resources;
        @Min(1)
        @Max(10)
        @Default("1")
        public Integer replicas;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Resources {
        @Pattern("^[0-9]+(\\.[0-9]+)?m?$")
        public String cpu;
        @Pattern("^[0-9]+(Ki|Mi|Gi|Ti|K|M|G|T)?$")
        public String memory;
    }

    /** {@code any} zone, one {@code single} zone, or spread over {@code multi} zones. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Zones {
        @Default("any")
        public Strategy strategy;
        public List<String> zones;
    }

    public enum Strategy {
        any, single, multi
    }

    public static final String BUILT_IN_EMBEDDING = "all-minilm-l6-v2";
}
