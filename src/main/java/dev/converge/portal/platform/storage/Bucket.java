package dev.converge.portal.platform.storage;

/**
 * The portal's buckets. Features name a bucket by its role; the actual name comes from {@code portal.storage.*}.
 */
public enum Bucket {
    /** Model artifacts ({@code portal.storage.artifacts-bucket}, default {@code models}). */
    ARTIFACTS,
    /** RAG source documents ({@code portal.storage.documents-bucket}, default {@code rag-documents}). */
    DOCUMENTS
}
