package dev.converge.portal.rag.runtime;

/**
 * A document as listed in storage. {@code name} is its key below the RagModel's prefix; {@code version} changes
 * whenever its content may have (the object's ETag and size).
 */
public record SourceDocument(String name, long size, String version) {
}
