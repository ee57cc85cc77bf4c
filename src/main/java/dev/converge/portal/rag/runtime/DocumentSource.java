package dev.converge.portal.rag.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Where a runtime's documents and its embedding snapshots live: object storage in the runtime role and in the
 * sandbox. Failures are unchecked exceptions with plain messages.
 */
public interface DocumentSource {

    /** Every document under the prefix, snapshots and upload leftovers excluded. */
    List<SourceDocument> list();

    byte[] read(String name);

    /** The snapshot stored under {@code key}, if any. */
    Optional<byte[]> readSnapshot(String key);

    void writeSnapshot(String key, byte[] content);

    /** Every snapshot of this source's documents (not those of other prefixes), with when each was written. */
    List<SnapshotEntry> listSnapshots();

    /** Deletes a snapshot; one already gone is not an error. */
    void deleteSnapshot(String key);
}
