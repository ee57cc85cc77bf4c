package dev.converge.portal.rag;

import java.util.List;

/**
 * Calls to the runtime of a RagModel ({@link RuntimeContract}): through the API server's service proxy in the
 * portal, a stub in tests. Every call throws {@link RuntimeUnreachable} when the runtime does not answer.
 */
interface RagRuntime {

    /** {@code GET /readiness}: 200 or 503 with the same body. */
    record Readiness(boolean ready, String phase, int indexedDocuments, int failedDocuments, int chunks,
                     String lastIndexedAt) {
    }

    /** One of {@code GET /v1/documents}. */
    record IndexedDocument(String name, Long size, String sha256, Integer chunks, String indexedAt, String error) {
    }

    /** One of {@code POST /v1/retrieve}. */
    record RetrievedChunk(String document, Integer chunk, String text, double score) {
    }

    Readiness readiness(String namespace, String ragModel);

    List<IndexedDocument> documents(String namespace, String ragModel);

    List<RetrievedChunk> retrieve(String namespace, String ragModel, String query, Integer topK);

    /** {@code POST /v1/reindex}: look at the documents again now. */
    void reindex(String namespace, String ragModel);
}
