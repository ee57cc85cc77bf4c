package dev.converge.portal.rag;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of {@code POST /rag/models} and {@code PUT /rag/models/{namespace}/{name}}: the RagModel's
 * namespace, name and spec; on update the {@code resourceVersion} the change was based on (stale: 409) and,
 * optionally, the {@code generation} read with it: when the generation is still current, only the status changed
 * since (the reconciler writes it often) and the change is applied rather than refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RagModelRequest(String namespace, String name, RagModelSpec spec, String resourceVersion,
                              Long generation) {

    public RagModelRequest(String namespace, String name, RagModelSpec spec, String resourceVersion) {
        this(namespace, name, spec, resourceVersion, null);
    }
}
