package dev.converge.portal.rag.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.platform.storage.ObjectNotFound;

/**
 * The documents under a prefix of the documents bucket, read through the portal's {@link ArtifactStore}. Snapshots
 * are kept in the same bucket under {@value #SNAPSHOT_PREFIX}, outside every RagModel's prefix, so that RagModels
 * over the same documents with the same settings share them.
 */
public final class ObjectStorageDocuments implements DocumentSource {

    public static final String SNAPSHOT_PREFIX = ".rag-snapshots/";
    private static final String STAGING_PREFIX = ".staging/";
    private static final int PAGE = 1000;

    private final ArtifactStore store;
    private final String prefix;
    private final long maxDocumentBytes;

    public ObjectStorageDocuments(ArtifactStore store, String prefix, long maxDocumentBytes) {
        this.store = store;
        this.prefix = prefix == null ? "" : prefix;
        this.maxDocumentBytes = maxDocumentBytes;
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
        try (var content = store.get(Bucket.DOCUMENTS, SNAPSHOT_PREFIX + key)) {
            return Optional.of(content.stream().readAllBytes());
        } catch (ObjectNotFound e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading snapshot " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void writeSnapshot(String key, byte[] content) {
        store.put(Bucket.DOCUMENTS, SNAPSHOT_PREFIX + key, new ByteArrayInputStream(content), content.length,
                "application/octet-stream", "rag-runtime");
    }

    /** A document above the runtime's size limit: recorded as failed, the others are served. */
    public static final class DocumentTooLarge extends RuntimeException {
        DocumentTooLarge(String name, long size, long limit) {
            super(name + " is " + size + " bytes, larger than the limit of " + limit + " bytes");
        }
    }
}
