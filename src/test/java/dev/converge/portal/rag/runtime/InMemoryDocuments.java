package dev.converge.portal.rag.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Documents and snapshots held in maps; versions change with each put. */
final class InMemoryDocuments implements DocumentSource {

    /** When set, listing fails with it, as storage that is down. */
    volatile RuntimeException listingFailure;
    /** Reads per document name. */
    final Map<String, Integer> reads = new ConcurrentHashMap<>();

    final Map<String, byte[]> documents = new TreeMap<>();
    final Map<String, byte[]> snapshots = new ConcurrentHashMap<>();
    private final Map<String, Instant> snapshotsWritten = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();

    InMemoryDocuments put(String name, String text) {
        return put(name, text.getBytes(StandardCharsets.UTF_8));
    }

    synchronized InMemoryDocuments put(String name, byte[] content) {
        documents.put(name, content);
        versions.merge(name, 1, Integer::sum);
        return this;
    }

    synchronized void remove(String name) {
        documents.remove(name);
    }

    @Override
    public synchronized List<SourceDocument> list() {
        if (listingFailure != null) {
            throw listingFailure;
        }
        var listed = new ArrayList<SourceDocument>();
        documents.forEach((name, content) -> listed.add(new SourceDocument(name, content.length,
                "v" + versions.get(name))));
        return listed;
    }

    @Override
    public synchronized byte[] read(String name) {
        reads.merge(name, 1, Integer::sum);
        return documents.get(name);
    }

    @Override
    public Optional<byte[]> readSnapshot(String key) {
        return Optional.ofNullable(snapshots.get(key));
    }

    @Override
    public void writeSnapshot(String key, byte[] content) {
        snapshots.put(key, content);
        snapshotsWritten.put(key, Instant.now());
    }

    @Override
    public List<SnapshotEntry> listSnapshots() {
        return snapshots.keySet().stream().map(key -> new SnapshotEntry(key, snapshotsWritten.get(key))).toList();
    }

    @Override
    public void deleteSnapshot(String key) {
        snapshots.remove(key);
        snapshotsWritten.remove(key);
    }
}
