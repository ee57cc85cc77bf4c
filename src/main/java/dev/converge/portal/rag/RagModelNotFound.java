package dev.converge.portal.rag;

import dev.converge.portal.shared.web.NotFound;

/** No such RAG model the user may read: the same answer whether it exists in another team's namespace or not. */
public final class RagModelNotFound extends NotFound {

    private RagModelNotFound(String code, Object... args) {
        super(code, args);
    }

    public static RagModelNotFound named(String namespace, String name) {
        return new RagModelNotFound("rag.error.notFound", namespace, name);
    }

    static RagModelNotFound document(String namespace, String name, String document) {
        return new RagModelNotFound("rag.error.documentNotFound", namespace, name, document);
    }
}
