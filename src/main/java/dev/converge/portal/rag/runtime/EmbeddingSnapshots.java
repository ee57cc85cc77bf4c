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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A document's chunks and vectors saved in object storage, keyed by the document's SHA-256 and by everything that
 * shapes its vectors (embedding model, chunk size and overlap, this format). A restart or a second replica finds
 * them and embeds nothing that has not changed. An unreadable snapshot is ignored and the document embedded again.
 */
final class EmbeddingSnapshots {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingSnapshots.class);
    private static final int MAGIC = 0x52414731; // "RAG1"
    private static final int FORMAT = 1;

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
