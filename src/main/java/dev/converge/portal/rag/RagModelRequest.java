package dev.converge.portal.rag;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of {@code POST /rag/models} and {@code PUT /rag/models/{namespace}/{name}}: the RagModel's
 * namespace, name and spec; on update the {@code resourceVersion} the change was based on (stale: 409).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RagModelRequest(String namespace, String name, RagModelSpec spec, String resourceVersion) {
}
