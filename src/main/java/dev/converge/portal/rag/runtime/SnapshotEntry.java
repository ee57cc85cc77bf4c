package dev.converge.portal.rag.runtime;

import java.time.Instant;

/** One stored snapshot: its key (as given to {@link DocumentSource#writeSnapshot}) and when it was written. */
public record SnapshotEntry(String key, Instant lastModified) {
}
