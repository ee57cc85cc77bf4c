package dev.converge.portal.rag.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A document's chunks and vectors saved in object storage, keyed by the document's SHA-256 and by everything that
 * shapes its vectors (embedding model, chunk size and overlap, this format). A restart or a second replica finds
 * them and embeds nothing that has not changed. An unreadable snapshot is ignored and the document embedded again.
 * After a complete index, the snapshots no current document uses are removed ({@link #removeUnused}).
 */
final class EmbeddingSnapshots {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingSnapshots.class);
    private static final int MAGIC = 0x52414731; // "RAG1"
    private static final int FORMAT = 1;
    /** Snapshots younger than this (before the index started) are never removed: see {@link #removeUnused}. */
    static final Duration REMOVAL_GRACE = Duration.ofMinutes(10);

    private final DocumentSource source;
    private final String settingsKey;

    EmbeddingSnapshots(DocumentSource source, String embedderId, int chunkSize, int chunkOverlap) {
        this.source = source;
        this.settingsKey = sha256((embedderId + "|" + chunkSize + "|" + chunkOverlap + "|" + FORMAT)
                .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    String key(String documentSha256) {
        return settingsKey + "/" + documentSha256 + ".bin";
    }

    Optional<EmbeddedDocument> find(String documentSha256) {
        try {
            return source.readSnapshot(key(documentSha256)).map(bytes -> decode(documentSha256, bytes));
        } catch (RuntimeException e) {
            log.warn("Snapshot {} could not be used, the document is embedded again: {}", key(documentSha256),
                    e.getMessage());
            return Optional.empty();
        }
    }

    void save(EmbeddedDocument document) {
        try {
            source.writeSnapshot(key(document.sha256()), encode(document));
        } catch (RuntimeException e) { // the index still holds it; only the next start pays again
            log.warn("Snapshot of {} could not be saved: {}", document.sha256(), e.getMessage());
        }
    }

    /**
     * Deletes the snapshots no current document uses: those of deleted or changed documents, and those made with
     * other settings. Two guards keep it safe beside another replica indexing the same prefix: a snapshot written
     * less than {@link #REMOVAL_GRACE} before {@code indexStarted} is kept (a replica may just have embedded a
     * version this index did not see; it also absorbs clock skew between the runtime and the storage), and nothing
     * is deleted unless {@code stillCurrent} confirms, just before, that the documents are still those indexed.
     *
     * @param inUse the SHA-256 of every document the index just built holds
     * @return how many snapshots were deleted
     */
    int removeUnused(Set<String> inUse, Instant indexStarted, BooleanSupplier stillCurrent) {
        var keep = inUse.stream().map(this::key).collect(Collectors.toSet());
        var cutoff = indexStarted.minus(REMOVAL_GRACE);
        var unused = source.listSnapshots().stream()
                .filter(snapshot -> !keep.contains(snapshot.key()))
                .filter(snapshot -> snapshot.lastModified() != null && snapshot.lastModified().isBefore(cutoff))
                .toList();
        if (unused.isEmpty() || !stillCurrent.getAsBoolean()) {
            return 0;
        }
        int deleted = 0;
        for (var snapshot : unused) {
            try {
                source.deleteSnapshot(snapshot.key());
                deleted++;
            } catch (RuntimeException e) { // the next index tries again
                log.warn("Unused snapshot {} could not be deleted: {}", snapshot.key(), e.getMessage());
            }
        }
        return deleted;
    }

    static byte[] encode(EmbeddedDocument document) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(document.chunks().size());
            for (int i = 0; i < document.chunks().size(); i++) {
                var text = document.chunks().get(i).getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
                var vector = document.vectors().get(i);
                out.writeInt(vector.length);
                for (float value : vector) {
                    out.writeFloat(value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static EmbeddedDocument decode(String sha256, byte[] content) {
        try (var in = new DataInputStream(new ByteArrayInputStream(content))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IllegalStateException("not a snapshot of this format");
            }
            int count = in.readInt();
            var chunks = new ArrayList<String>(count);
            var vectors = new ArrayList<float[]>(count);
            for (int i = 0; i < count; i++) {
                chunks.add(new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8));
                var vector = new float[in.readInt()];
                for (int j = 0; j < vector.length; j++) {
                    vector[j] = in.readFloat();
                }
                vectors.add(vector);
            }
            return new EmbeddedDocument(sha256, chunks, vectors);
        } catch (IOException e) {
            throw new UncheckedIOException("truncated snapshot", e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
