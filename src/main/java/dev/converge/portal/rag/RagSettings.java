package dev.converge.portal.rag;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the RAG manager, prefix {@code portal.rag}.
 *
 * @param runtimeImage the image of the runtime pods when a RagModel names none: the portal's own
 * @param runtimePort the port the runtime serves on
 * @param storageSecret the Secret, in each team namespace, with {@code endpoint}, {@code accessKey} and
 *        {@code secretKey} of object storage; the runtime reads it through env references, never inline
 * @param maxDocumentSize the largest document accepted for upload
 * @param documentTypes the file extensions accepted for upload
 * @param resyncPeriod how often the reconciler looks at every RagModel (and the runtimes' readiness) anyway
 * @param runtimeTimeout how long a call to a runtime through the service proxy may take
 */
@Validated
@ConfigurationProperties(prefix = "portal.rag")
public record RagSettings(
        @NotBlank @DefaultValue("ghcr.io/converge/converge-portal:latest") String runtimeImage,
        @Min(1) @Max(65535) @DefaultValue("8080") int runtimePort,
        @NotBlank @DefaultValue("converge-rag-storage") String storageSecret,
        @NotNull @DefaultValue("20MB") DataSize maxDocumentSize,
        @NotEmpty @DefaultValue({"txt", "md", "markdown", "html", "htm", "pdf"}) List<String> documentTypes,
        @NotNull @DefaultValue("10s") Duration resyncPeriod,
        @NotNull @DefaultValue("5s") Duration runtimeTimeout) {

    public static RagSettings defaults() {
        return new RagSettings("ghcr.io/converge/converge-portal:latest", 8080, "converge-rag-storage",
                DataSize.ofMegabytes(20), List.of("txt", "md", "markdown", "html", "htm", "pdf"),
                Duration.ofSeconds(10), Duration.ofSeconds(5));
    }
}
