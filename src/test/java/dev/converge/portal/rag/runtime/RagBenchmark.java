package dev.converge.portal.rag.runtime;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.sandbox.storage.EmbeddedS3Server;

/**
 * bench/rag (run with bench/rag/run.sh, not a test): indexing 1,000 documents of about 2 MB of text from the embedded
 * S3 server with the built-in model, the same again from snapshots, retrieval latency at 20,000 chunks, and heap per
 * 10,000 chunks.
 */
public final class RagBenchmark {

    private static final String[] WORDS = ("river mountain engine protocol harvest orbit glacier signal lantern "
            + "copper forest market vaccine circuit harbor canyon violin theorem reactor meadow compiler tundra "
            + "pigment archive voltage quarry monsoon falcon ledger prism turbine coral saddle beacon kernel "
            + "desert lattice orchard sensor granite tide ferment bridge cobalt nebula pasture rudder cipher "
            + "ember delta magnet vessel thicket summit pulley basalt").split(" ");

    public static void main(String[] args) throws Exception {
        int documents = Integer.parseInt(System.getProperty("documents", "1000"));
        int retrievalChunks = Integer.parseInt(System.getProperty("chunks", "20000"));
        System.out.printf("cores %d, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        var s3 = EmbeddedS3Server.inMemory().start();
        try {
            indexing(s3, documents);
        } finally {
            s3.stop();
        }
        retrieval(retrievalChunks);
    }

    private static void indexing(EmbeddedS3Server s3, int count) {
        var store = ArtifactStore.forDocuments(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(),
                "us-east-1", "rag-documents", Clock.systemUTC());
        store.ensureBuckets();
        var random = new SplittableRandom(42);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            var text = document(random, 1600 + random.nextInt(800)).getBytes(StandardCharsets.UTF_8);
            bytes += text.length;
            store.put(Bucket.DOCUMENTS, "bench/docs/doc-" + i + ".txt", new ByteArrayInputStream(text), text.length,
                    "text/plain", "bench");
        }
        System.out.printf("corpus: %d documents, %.2f MB%n", count, bytes / 1e6);
        new BuiltInEmbedder().warmUp();

        var first = runtime(store);
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        first.reindex();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        var readiness = first.readiness();
        System.out.printf("index (embedding every chunk): %d chunks in %.1f s = %.1f chunks/s (%d failed); "
                + "%.1f CPU-s = %.1f chunks per CPU-second (%.1f chunks/s on 2 idle cores)%n",
                readiness.chunks(), seconds, readiness.chunks() / seconds, readiness.failedDocuments(), cpuSeconds,
                readiness.chunks() / cpuSeconds, 2 * readiness.chunks() / cpuSeconds);

        var second = runtime(store);
        start = System.nanoTime();
        second.reindex();
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("index again from snapshots (a restart or second replica): %d chunks in %.1f s, "
                + "%d embedded%n", second.readiness().chunks(), seconds, second.embeddedChunks());

        start = System.nanoTime();
        second.reindex();
        System.out.printf("re-index with nothing changed: %.0f ms%n", (System.nanoTime() - start) / 1e6);
    }

    private static RagRuntime runtime(ArtifactStore store) {
        return new RagRuntime("bench", RetrievalSettings.DEFAULTS,
                new ObjectStorageDocuments(store, "bench/docs/", 50L << 20), new BuiltInEmbedder(), Clock.systemUTC());
    }

    /**
     * Retrieval at {@code chunks} chunks: the index is filled from snapshots of random unit vectors (a search costs
     * the same whatever the vectors hold), the query is embedded by the real model as in production.
     */
    private static void retrieval(int chunks) {
        var random = new SplittableRandom(7);
        var source = new SnapshotOnlySource();
        int perDocument = 100;
        var embedder = new BuiltInEmbedder();
        var snapshots = new EmbeddingSnapshots(source, embedder.id(), 1000, 100);
        long before = usedHeapAfterGc();
        for (int d = 0; d * perDocument < chunks; d++) {
            var texts = new ArrayList<String>();
            var vectors = new ArrayList<float[]>();
            for (int c = 0; c < perDocument; c++) {
                texts.add(document(random, 900));
                var vector = new float[384];
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = (float) random.nextGaussian();
                }
                vectors.add(Embedder.normalised(vector));
            }
            var content = ("doc " + d).getBytes(StandardCharsets.UTF_8);
            var sha = EmbeddingSnapshots.sha256(content);
            source.documents.put("doc-" + d + ".txt", content);
            snapshots.save(new EmbeddedDocument(sha, texts, vectors));
        }
        var runtime = new RagRuntime("bench", RetrievalSettings.DEFAULTS, source, embedder, Clock.systemUTC());
        runtime.reindex();
        source.snapshots.clear(); // only the runtime's index stays reachable
        long after = usedHeapAfterGc();
        int size = runtime.readiness().chunks();
        System.out.printf("heap: %.1f MiB for %d chunks = %.1f MiB per 10,000 chunks (1,000-character chunks, "
                + "384 dimensions)%n", (after - before) / 1048576.0, size, (after - before) / 1048576.0 * 10_000 / size);

        var queries = List.of("how does a turbine harvest energy from the river", "granite quarry near the summit",
                "compiler kernel cipher protocol", "coral reef and monsoon tides", "violin pigment archive");
        for (int i = 0; i < 50; i++) {
            runtime.retrieve(queries.get(i % queries.size()), 4);
        }
        int runs = 500;
        var total = new double[runs];
        var searchOnly = new double[runs];
        var totalCpu = new double[runs];
        var searchCpu = new double[runs];
        var threads = ManagementFactory.getThreadMXBean();
        var query = Embedder.normalised(embedder.embed(List.of(queries.get(0))).get(0));
        var index = runtime.index();
        for (int i = 0; i < runs; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            runtime.retrieve(queries.get(i % queries.size()), 4);
            total[i] = (System.nanoTime() - start) / 1e6;
            totalCpu[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            cpu = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            index.search(query, 4, 0);
            searchOnly[i] = (System.nanoTime() - start) / 1e6;
            searchCpu[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        }
        System.out.printf("retrieve at %d chunks (embed the query + search), %d runs: p50 %.2f ms, p95 %.2f ms, "
                + "p99 %.2f ms%n", size, runs, percentile(total, 50), percentile(total, 95), percentile(total, 99));
        System.out.printf("search only: p50 %.2f ms, p95 %.2f ms%n", percentile(searchOnly, 50),
                percentile(searchOnly, 95));
        System.out.printf("CPU time of the calling thread (what a retrieve costs without waiting for a core): "
                + "retrieve p50 %.2f ms, p95 %.2f ms; search only p50 %.2f ms, p95 %.2f ms; load average %.1f%n",
                percentile(totalCpu, 50), percentile(totalCpu, 95), percentile(searchCpu, 50),
                percentile(searchCpu, 95), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double percentile(double[] values, int percentile) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String document(SplittableRandom random, int length) {
        var text = new StringBuilder(length + 100);
        while (text.length() < length) {
            int words = 8 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                var word = WORDS[random.nextInt(WORDS.length)];
                text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                text.append(w == words - 1 ? ". " : " ");
            }
            if (random.nextInt(5) == 0) {
                text.append("\n\n");
            }
        }
        return text.toString();
    }

    /** Documents whose snapshots exist: the runtime reads them and embeds nothing. */
    private static final class SnapshotOnlySource implements DocumentSource {
        final Map<String, byte[]> documents = new ConcurrentHashMap<>();
        final Map<String, byte[]> snapshots = new ConcurrentHashMap<>();

        @Override
        public List<SourceDocument> list() {
            return documents.entrySet().stream()
                    .map(e -> new SourceDocument(e.getKey(), e.getValue().length, "1")).toList();
        }

        @Override
        public byte[] read(String name) {
            return documents.get(name);
        }

        @Override
        public java.util.Optional<byte[]> readSnapshot(String key) {
            return java.util.Optional.ofNullable(snapshots.get(key));
        }

        @Override
        public void writeSnapshot(String key, byte[] content) {
            snapshots.put(key, content);
        }

        @Override
        public List<SnapshotEntry> listSnapshots() { // written just now: never old enough to be removed
            return snapshots.keySet().stream().map(key -> new SnapshotEntry(key, java.time.Instant.now())).toList();
        }

        @Override
        public void deleteSnapshot(String key) {
            snapshots.remove(key);
        }
    }
}
