package dev.converge.portal.rag.runtime;

import java.time.Instant;

/**
 * What {@code /readiness} answers. {@code phase}: {@code Pending} (not started), {@code Indexing} (first pass
 * running), {@code Ready}, {@code Degraded} (served, but some documents failed or the last re-index could not read
 * storage), {@code Failed} (the first pass could not read storage; retried).
 */
public record Readiness(boolean ready, String phase, int indexedDocuments, int failedDocuments, int chunks,
                        Instant lastIndexedAt) {
}
