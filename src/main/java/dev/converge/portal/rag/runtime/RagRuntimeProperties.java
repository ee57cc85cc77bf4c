package dev.converge.portal.rag.runtime;

import java.time.Duration;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * The one RagModel a runtime serves, from {@code portal.rag-runtime.*} (environment:
 * {@code PORTAL_RAGRUNTIME_*}); the RAG manager's Deployment sets them. Bound by {@link RagRuntimeConfiguration}
 * only in the runtime role, so the portal never requires them.
 */
public record RagRuntimeProperties(
        @NotBlank @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label") String namespace,
        @NotBlank @Pattern(regexp = DNS_NAME, message = "must be a DNS-1123 subdomain") String name,
        @Valid @NotNull @DefaultValue Documents documents,
        @Valid @NotNull @DefaultValue Embedding embedding,
        @Valid @NotNull @DefaultValue BaseModel baseModel,
        @Valid @NotNull @DefaultValue Retrieval retrieval,
        @NotNull @DefaultValue("5m") Duration reindexInterval,
        @NotNull @DefaultValue("60s") Duration requestTimeout) {

    public static final String PREFIX = "portal.rag-runtime";
    static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    static final String DNS_NAME = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";

    /**
     * Object storage holding the documents; {@code prefix} defaults to {@code <namespace>/<name>/}.
     */
    public record Documents(
            @NotBlank String endpoint,
            @NotBlank String accessKey,
            @NotBlank String secretKey,
            @NotBlank @DefaultValue("us-east-1") String region,
            @NotBlank @DefaultValue("rag-documents") String bucket,
            String prefix,
            @NotNull @DefaultValue("50MB") DataSize maxDocumentSize) {
    }

    /** The built-in all-MiniLM-L6-v2 when {@code url} is empty, else an OpenAI {@code /v1/embeddings} endpoint. */
    public record Embedding(
            @DefaultValue(BuiltInEmbedder.MODEL) String model,
            @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String url,
            String apiKey) {

        public boolean builtIn() {
            return url == null || url.isBlank();
        }
    }

    /** The OpenAI-compatible model that answers chats; without {@code url}, chat completions answer 503. */
    public record BaseModel(
            @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String url,
            String model,
            String apiKey) {
    }

    public record Retrieval(
            @Min(1) @Max(50) @DefaultValue("4") int topK,
            @Min(200) @Max(8000) @DefaultValue("1000") int chunkSize,
            @Min(0) @Max(7999) @DefaultValue("100") int chunkOverlap,
            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0") double scoreThreshold) {

        RetrievalSettings settings() {
            return new RetrievalSettings(topK, chunkSize, chunkOverlap, scoreThreshold);
        }
    }

    /**
     * Binds {@code portal.rag-runtime.*} from an environment (the runtime role's own, or a sandbox pod's env) and
     * validates it, naming every invalid property.
     */
    public static RagRuntimeProperties bind(Environment environment) {
        var properties = Binder.get(environment).bindOrCreate(PREFIX, Bindable.of(RagRuntimeProperties.class));
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            var violations = factory.getValidator().validate(properties);
            if (!violations.isEmpty()) {
                throw new IllegalStateException("Invalid RAG runtime settings: " + violations.stream()
                        .map(v -> PREFIX + "." + v.getPropertyPath() + " " + v.getMessage())
                        .sorted().collect(Collectors.joining("; ")));
            }
        }
        return properties;
    }

    public String prefix() {
        var prefix = documents.prefix();
        return prefix == null || prefix.isBlank() ? namespace + "/" + name + "/" : prefix;
    }
}
