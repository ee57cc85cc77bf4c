package dev.converge.portal.rag.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.platform.storage.ObjectNotFound;

/**
 * The documents under a prefix of the documents bucket, read through the portal's {@link ArtifactStore}. Snapshots
 * are kept in the same bucket under {@value #SNAPSHOT_PREFIX}{@code <prefix hash>/}, outside every RagModel's prefix
 * and one folder per prefix: the runtime that indexes a prefix may remove the snapshots its documents no longer use
 * without touching another prefix's (a hash, not the prefix itself, so that {@code vision/} never contains the
 * snapshots of {@code vision/docs/}). The replicas of one RagModel, and RagModels over the same prefix, share them.
 */
public final class ObjectStorageDocuments implements DocumentSource {

    public static final String SNAPSHOT_PREFIX = ".rag-snapshots/";
    private static final String STAGING_PREFIX = ".staging/";
    private static final int PAGE = 1000;

    private final ArtifactStore store;
    private final String prefix;
    private final long maxDocumentBytes;
    private final String snapshotFolder;

    public ObjectStorageDocuments(ArtifactStore store, String prefix, long maxDocumentBytes) {
        this.store = store;
        this.prefix = prefix == null ? "" : prefix;
        this.maxDocumentBytes = maxDocumentBytes;
        this.snapshotFolder = SNAPSHOT_PREFIX
                + EmbeddingSnapshots.sha256(this.prefix.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + "/";
    }

    @Override
    public List<SourceDocument> list() {
        var documents = new ArrayList<SourceDocument>();
        String after = null;
        do {
            var page = store.list(Bucket.DOCUMENTS, prefix, after, PAGE);
            for (var object : page.objects()) {
                var key = object.key();
                if (key.startsWith(SNAPSHOT_PREFIX) || key.startsWith(STAGING_PREFIX) || key.endsWith("/")) {
                    continue;
                }
                documents.add(new SourceDocument(key.substring(prefix.length()), object.size(),
                        object.etag() + ":" + object.size()));
            }
            after = page.nextStartAfter();
        } while (after != null);
        return documents;
    }

    @Override
    public byte[] read(String name) {
        try (var content = store.get(Bucket.DOCUMENTS, prefix + name)) {
            if (content.object().size() > maxDocumentBytes) {
                throw new DocumentTooLarge(name, content.object().size(), maxDocumentBytes);
            }
            return content.stream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxDocumentBytes + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> readSnapshot(String key) {
        try (var content = store.get(Bucket.DOCUMENTS, snapshotFolder + key)) {
            return Optional.of(content.stream().readAllBytes());
        } catch (ObjectNotFound e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading snapshot " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void writeSnapshot(String key, byte[] content) {
        store.put(Bucket.DOCUMENTS, snapshotFolder + key, new ByteArrayInputStream(content), content.length,
                "application/octet-stream", "rag-runtime");
    }

    @Override
    public List<SnapshotEntry> listSnapshots() {
        var snapshots = new ArrayList<SnapshotEntry>();
        String after = null;
        do {
            var page = store.list(Bucket.DOCUMENTS, snapshotFolder, after, PAGE);
            for (var object : page.objects()) {
                snapshots.add(new SnapshotEntry(object.key().substring(snapshotFolder.length()),
                        object.lastModified()));
            }
            after = page.nextStartAfter();
        } while (after != null);
        return snapshots;
    }

    @Override
    public void deleteSnapshot(String key) {
        store.delete(Bucket.DOCUMENTS, snapshotFolder + key);
    }

    /** A document above the runtime's size limit: recorded as failed, the others are served. */
    public static final class DocumentTooLarge extends RuntimeException {
        DocumentTooLarge(String name, long size, long limit) {
            super(name + " is " + size + " bytes, larger than the limit of " + limit + " bytes");
        }
    }
}
