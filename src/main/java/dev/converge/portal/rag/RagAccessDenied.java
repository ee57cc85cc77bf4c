package dev.converge.portal.rag;

import java.util.Map;

import dev.converge.portal.shared.web.Forbidden;

/** The user may not change RAG models in that namespace: not their team's, or they only view. */
public final class RagAccessDenied extends Forbidden {

    private RagAccessDenied(Map<String, String> fields, String code, Object... args) {
        super(fields, Map.of(), code, args);
    }

    static RagAccessDenied toChange(String namespace) {
        return new RagAccessDenied(Map.of("namespace", "rag.error.namespace.notYours"), "rag.error.forbidden.change",
                namespace);
    }
}
