package dev.converge.portal.rag.runtime;

/**
 * A retrieved chunk: its document, its position in that document (0-based), its text and its cosine similarity to
 * the query.
 */
public record ScoredChunk(String document, int chunk, String text, double score) {
}
