package dev.converge.portal.rag;

import dev.converge.portal.shared.web.Conflict;

/** The RAG model exists already, or changed since the version the change was based on. */
public final class RagModelConflict extends Conflict {

    private RagModelConflict(String code, Object... args) {
        super(code, args);
    }

    static RagModelConflict exists(String namespace, String name) {
        return new RagModelConflict("rag.error.exists", namespace, name);
    }

    static RagModelConflict stale(String namespace, String name) {
        return new RagModelConflict("rag.error.stale", namespace, name);
    }
}
