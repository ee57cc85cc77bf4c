package dev.converge.portal.rag;

/**
 * A document of a RAG model: name, size and SHA-256 from object storage; chunks, when indexed and the error of a
 * document that failed to parse from the runtime (null while the runtime is not reachable).
 */
public record RagDocument(String name, long size, String sha256, Integer chunks, String indexedAt, String error) {
}
