package dev.converge.portal.rag.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RagModel's retrieval: indexes the documents of a {@link DocumentSource} and answers similarity queries.
 * Transport-neutral: the runtime role serves it over HTTP ({@link RagRuntimeHandler}), the sandbox calls it in
 * process.
 * <p>
 * A re-index lists the documents, keeps those whose version is unchanged, reads the others, takes their vectors
 * from a snapshot when one exists for their SHA-256 and otherwise parses, chunks and embeds them, then swaps in a
 * new {@link VectorIndex}. Queries keep using the previous index meanwhile. A document that fails is recorded with
 * its error; the others stay served.
 */
public final class RagRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RagRuntime.class);
    /** Chunks embedded per call: large enough to keep the embedding threads busy across small documents. */
    private static final int EMBED_BATCH = 128;
    public static final int MAX_QUERY_LENGTH = 8_000;

    private final String name;
    private final RetrievalSettings retrieval;
    private final DocumentSource source;
    private final Embedder embedder;
    private final TextChunker chunker;
    private final EmbeddingSnapshots snapshots;
    private final Clock clock;
    private final Object indexLock = new Object();
    private final AtomicBoolean reindexRequested = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    private volatile State state = State.initial();
    private volatile long embeddedChunks; // since start: what the snapshot tests and the benchmark count

    /** What queries see: swapped whole after each re-index. */
    private record State(String phase, boolean indexed, Map<String, Entry> entries, VectorIndex index,
                         Instant lastIndexedAt) {
        static State initial() {
            return new State("Pending", false, Map.of(), VectorIndex.EMPTY, null);
        }
    }

    /**
     * A document's last indexing: its listed version, and its vectors or its error. {@code retry}: the error may
     * pass (storage or the embedding endpoint failed), so the next re-index tries again although the document did
     * not change; a document that cannot be parsed waits for a new version.
     */
    private record Entry(SourceDocument listed, String sha256, EmbeddedDocument embedded, Instant indexedAt,
                         String error, boolean retry) {
        DocumentStatus status() {
            return new DocumentStatus(listed.name(), listed.size(), sha256,
                    embedded == null ? 0 : embedded.chunks().size(), indexedAt, error);
        }
    }

    public RagRuntime(String name, RetrievalSettings retrieval, DocumentSource source, Embedder embedder,
            Clock clock) {
        this.name = name;
        this.retrieval = retrieval;
        this.source = source;
        this.embedder = embedder;
        this.chunker = new TextChunker(retrieval.chunkSize(), retrieval.chunkOverlap());
        this.snapshots = new EmbeddingSnapshots(source, embedder.id(), retrieval.chunkSize(),
                retrieval.chunkOverlap());
        this.clock = clock;
    }

    /** The RagModel's name: the model id clients ask for. */
    public String name() {
        return name;
    }

    public RetrievalSettings retrieval() {
        return retrieval;
    }

    /**
     * Indexes in the background now, then every {@code interval} (none when zero), and whenever
     * {@link #requestReindex()} is called.
     */
    public synchronized RagRuntime start(Duration interval) {
        if (scheduler != null) {
            return this;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "rag-index-" + name);
            thread.setDaemon(true);
            return thread;
        });
        state = new State("Indexing", false, state.entries(), state.index(), state.lastIndexedAt());
        scheduler.execute(this::warmUpQuietly);
        scheduler.execute(this::reindexQuietly);
        if (!interval.isZero() && !interval.isNegative()) {
            scheduler.scheduleWithFixedDelay(this::reindexQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Asks for a re-index soon; requests made while one is pending are merged into it. */
    public void requestReindex() {
        ScheduledExecutorService executor;
        synchronized (this) {
            executor = scheduler;
        }
        if (executor == null) {
            reindex();
        } else if (reindexRequested.compareAndSet(false, true)) {
            executor.execute(() -> {
                reindexRequested.set(false);
                reindexQuietly();
            });
        }
    }

    private void warmUpQuietly() {
        try {
            embedder.warmUp();
        } catch (RuntimeException | LinkageError e) { // indexing reports it again, per document
            log.warn("The embedding model of RAG model {} failed to load: {}", name, e.toString());
        }
    }

    private void reindexQuietly() {
        try {
            reindex();
        } catch (RuntimeException e) {
            log.warn("Re-index of RAG model {} failed: {}", name, e.getMessage());
        }
    }

    /** Re-indexes now, in the calling thread; at most one re-index runs at a time. */
    public void reindex() {
        synchronized (indexLock) {
            var started = clock.instant();
            var previous = state;
            List<SourceDocument> listed;
            try {
                listed = source.list();
            } catch (RuntimeException e) {
                state = new State(previous.indexed() ? "Degraded" : "Failed", previous.indexed(),
                        previous.entries(), previous.index(), previous.lastIndexedAt());
                throw e;
            }
            var entries = new TreeMap<String, Entry>();
            var pending = new ArrayList<Pending>();
            for (var document : listed) {
                var known = previous.entries().get(document.name());
                if (known != null && known.listed().version().equals(document.version()) && !known.retry()) {
                    entries.put(document.name(), known);
                } else {
                    prepare(document, entries, pending);
                }
            }
            embed(pending, entries);
            var embedded = new LinkedHashMap<String, EmbeddedDocument>();
            entries.forEach((documentName, entry) -> {
                if (entry.embedded() != null) {
                    embedded.put(documentName, entry.embedded());
                }
            });
            var failed = entries.values().stream().anyMatch(e -> e.error() != null);
            state = new State(failed ? "Degraded" : "Ready", true, Map.copyOf(entries), VectorIndex.of(embedded),
                    clock.instant());
            log.info("RAG model {} indexed: {} documents, {} failed, {} chunks", name, embedded.size(),
                    entries.size() - embedded.size(), state.index().size());
            removeUnusedSnapshots(listed, entries, started);
        }
    }

    /**
     * After an index that knows every document's SHA-256 (none left to retry), deletes the snapshots of documents
     * deleted or changed since; skipped when any document could not be read, since its snapshot may be in use.
     */
    private void removeUnusedSnapshots(List<SourceDocument> listed, Map<String, Entry> entries, Instant started) {
        if (entries.values().stream().anyMatch(e -> e.retry() || e.sha256() == null)) {
            return;
        }
        var inUse = entries.values().stream().map(Entry::sha256).collect(Collectors.toSet());
        var versions = versions(listed);
        try {
            int removed = snapshots.removeUnused(inUse, started, () -> versions.equals(versions(source.list())));
            if (removed > 0) {
                log.info("RAG model {}: {} unused snapshots removed", name, removed);
            }
        } catch (RuntimeException e) { // the index is served; the next one tries again
            log.warn("Unused snapshots of RAG model {} could not be removed: {}", name, e.getMessage());
        }
    }

    private static Map<String, String> versions(List<SourceDocument> listed) {
        return listed.stream().collect(Collectors.toMap(SourceDocument::name, SourceDocument::version));
    }

    /** A changed document whose text is chunked and waits for its vectors. */
    private record Pending(SourceDocument listed, String sha256, List<String> chunks) {
    }

    /** Reads a new or changed document; its vectors come from a snapshot, or it waits in {@code pending}. */
    private void prepare(SourceDocument document, Map<String, Entry> entries, List<Pending> pending) {
        String sha256 = null;
        try {
            var content = source.read(document.name());
            sha256 = EmbeddingSnapshots.sha256(content);
            var snapshot = snapshots.find(sha256);
            if (snapshot.isPresent()) {
                entries.put(document.name(), new Entry(document, sha256, snapshot.get(), clock.instant(), null,
                        false));
                return;
            }
            var chunks = chunker.chunks(DocumentParser.text(document.name(), content));
            if (chunks.isEmpty()) {
                throw new DocumentParseException("the document has no text");
            }
            pending.add(new Pending(document, sha256, chunks));
        } catch (DocumentParseException | ObjectStorageDocuments.DocumentTooLarge e) {
            log.info("Document {} of RAG model {} is not indexed: {}", document.name(), name, e.getMessage());
            entries.put(document.name(), new Entry(document, sha256, null, clock.instant(), e.getMessage(), false));
        } catch (RuntimeException e) {
            log.warn("Document {} of RAG model {} could not be read: {}", document.name(), name, e.getMessage());
            entries.put(document.name(), new Entry(document, sha256, null, clock.instant(),
                    "could not be read: " + e.getMessage(), true));
        }
    }

    /** Embeds the pending documents' chunks in batches that span documents, then records and snapshots each. */
    private void embed(List<Pending> pending, Map<String, Entry> entries) {
        int from = 0;
        while (from < pending.size()) {
            int to = from;
            int chunks = 0;
            while (to < pending.size() && (chunks == 0 || chunks + pending.get(to).chunks().size() <= EMBED_BATCH)) {
                chunks += pending.get(to).chunks().size();
                to++;
            }
            var batch = pending.subList(from, to);
            try {
                var texts = batch.stream().flatMap(p -> p.chunks().stream()).toList();
                var vectors = embedder.embed(texts);
                if (vectors.size() != texts.size()) {
                    throw new IllegalStateException("the embedding model returned " + vectors.size()
                            + " vectors for " + texts.size() + " chunks");
                }
                embeddedChunks += texts.size();
                int offset = 0;
                for (var document : batch) {
                    var own = vectors.subList(offset, offset + document.chunks().size()).stream()
                            .map(Embedder::normalised).toList();
                    offset += document.chunks().size();
                    var embedded = new EmbeddedDocument(document.sha256(), document.chunks(), own);
                    snapshots.save(embedded);
                    entries.put(document.listed().name(),
                            new Entry(document.listed(), document.sha256(), embedded, clock.instant(), null, false));
                }
            } catch (RuntimeException e) {
                log.warn("Embedding failed for {} documents of RAG model {}: {}", batch.size(), name,
                        e.getMessage());
                for (var document : batch) {
                    entries.put(document.listed().name(), new Entry(document.listed(), document.sha256(), null,
                            clock.instant(), "embedding failed: " + e.getMessage(), true));
                }
            }
            from = to;
        }
    }

    /**
     * The chunks most similar to {@code query}.
     *
     * @param topK null for the RagModel's default
     */
    public List<ScoredChunk> retrieve(String query, Integer topK) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("query must not be empty");
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("query must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        int k = topK == null ? retrieval.topK() : topK;
        if (k < 1 || k > RetrievalSettings.MAX_TOP_K) {
            throw new IllegalArgumentException("topK must be between 1 and " + RetrievalSettings.MAX_TOP_K);
        }
        var index = state.index();
        if (index.size() == 0) {
            return List.of();
        }
        var vector = Embedder.normalised(embedder.embed(List.of(query)).get(0));
        return index.search(vector, k, retrieval.scoreThreshold());
    }

    /** Every listed document, by name, with its chunks or its error. */
    public List<DocumentStatus> documents() {
        return state.entries().values().stream().map(Entry::status)
                .sorted(Comparator.comparing(DocumentStatus::name)).toList();
    }

    public Readiness readiness() {
        var current = state;
        int failed = (int) current.entries().values().stream().filter(e -> e.error() != null).count();
        return new Readiness(current.indexed(), current.phase(), current.entries().size() - failed, failed,
                current.index().size(), current.lastIndexedAt());
    }

    /** The index queries use now (the benchmark times a bare search on it). */
    VectorIndex index() {
        return state.index();
    }

    /** Chunks embedded by this runtime since it was made (snapshot hits not counted). */
    public long embeddedChunks() {
        return embeddedChunks;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
