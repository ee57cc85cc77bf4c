package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.platform.storage.ObjectSummary;
import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Documents and snapshots in real (embedded) S3: what a restart and a second replica see. */
class ObjectStorageSnapshotTests {

    private EmbeddedS3Server s3;
    private ArtifactStore store;
    private ObjectStorageDocuments documents;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3Server.inMemory().start();
        store = ArtifactStore.forDocuments(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "us-east-1",
                "rag-documents", Clock.systemUTC());
        store.ensureBuckets();
        documents = new ObjectStorageDocuments(store, "vision/handbook/", 1024);
        put("vision/handbook/tides.txt", "Spring tides happen at full moon.");
        put("vision/handbook/guide/bees.md", "# Bees\n\nHoneybees dance.");
        put("vision/other/secret.txt", "Not this RagModel's.");
    }

    @AfterEach
    void stop() {
        s3.stop();
    }

    private void put(String key, String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        store.put(Bucket.DOCUMENTS, key, new ByteArrayInputStream(bytes), bytes.length, "text/plain", "test");
    }

    private RagRuntime runtime(WordHashEmbedder embedder) {
        return runtime(documents, embedder, Clock.systemUTC());
    }

    private static RagRuntime runtime(DocumentSource source, WordHashEmbedder embedder, Clock clock) {
        return new RagRuntime("handbook", RetrievalSettings.DEFAULTS, source, embedder, clock);
    }

    /** A runtime's clock once the snapshots written so far are older than the removal grace. */
    private static Clock later() {
        return Clock.offset(Clock.systemUTC(), EmbeddingSnapshots.REMOVAL_GRACE.plusMinutes(1));
    }

    private List<String> snapshotKeys() {
        return store.list(Bucket.DOCUMENTS, ObjectStorageDocuments.SNAPSHOT_PREFIX, null, 1000).objects().stream()
                .map(ObjectSummary::key).toList();
    }

    @Test
    void afterAnIndexTheSnapshotsOfDeletedOrChangedDocumentsAreRemovedAndOtherPrefixesKept() {
        var otherPrefix = new ObjectStorageDocuments(store, "vision/other/", 1024);
        runtime(otherPrefix, new WordHashEmbedder(), Clock.systemUTC()).reindex();
        runtime(new WordHashEmbedder()).reindex();
        assertThat(snapshotKeys()).hasSize(3);

        put("vision/handbook/tides.txt", "Neap tides happen at the quarter moons.");
        store.delete(Bucket.DOCUMENTS, "vision/handbook/guide/bees.md");
        var young = runtime(new WordHashEmbedder());
        young.reindex();
        assertThat(snapshotKeys()).as("snapshots younger than the grace are kept").hasSize(4);

        var runtime = runtime(documents, new WordHashEmbedder(), later());
        runtime.reindex();
        assertThat(snapshotKeys()).as("the changed tides and the deleted bees are gone").hasSize(2);
        assertThat(runtime.retrieve("quarter moons", 1).get(0).text()).startsWith("Neap");

        var restarted = new WordHashEmbedder();
        runtime(documents, restarted, later()).reindex();
        var otherRestarted = new WordHashEmbedder();
        runtime(otherPrefix, otherRestarted, later()).reindex();
        assertThat(restarted.embedded).as("the current version's snapshot was kept").hasValue(0);
        assertThat(otherRestarted.embedded).as("another prefix's snapshots are not touched").hasValue(0);
    }

    @Test
    void aReplicaNeverRemovesTheSnapshotOfAVersionAnotherReplicaIndexedMeanwhile() {
        runtime(new WordHashEmbedder()).reindex();
        var changed = new AtomicBoolean();
        // replica A reads the old tides; meanwhile the document changes and replica B indexes the new version
        var racing = new DocumentSource() {
            @Override
            public List<SourceDocument> list() {
                return documents.list();
            }

            @Override
            public byte[] read(String name) {
                var content = documents.read(name);
                if (name.equals("tides.txt") && changed.compareAndSet(false, true)) {
                    put("vision/handbook/tides.txt", "Neap tides happen at the quarter moons.");
                    runtime(new WordHashEmbedder()).reindex();
                }
                return content;
            }

            @Override
            public Optional<byte[]> readSnapshot(String key) {
                return documents.readSnapshot(key);
            }

            @Override
            public void writeSnapshot(String key, byte[] content) {
                documents.writeSnapshot(key, content);
            }

            @Override
            public List<SnapshotEntry> listSnapshots() {
                return documents.listSnapshots();
            }

            @Override
            public void deleteSnapshot(String key) {
                documents.deleteSnapshot(key);
            }
        };
        runtime(racing, new WordHashEmbedder(), later()).reindex();
        assertThat(changed).isTrue();

        var replicaRestarted = new WordHashEmbedder();
        runtime(documents, replicaRestarted, Clock.systemUTC()).reindex();
        assertThat(replicaRestarted.embedded).as("B's snapshot of the new version survived A's index").hasValue(0);
    }

    @Test
    void listsOnlyTheDocumentsUnderThePrefixNotTheSnapshots() {
        runtime(new WordHashEmbedder()).reindex();
        var names = new ArrayList<String>();
        documents.list().forEach(d -> names.add(d.name()));
        assertThat(names).containsExactly("guide/bees.md", "tides.txt");
        var all = new ObjectStorageDocuments(store, "", 1024).list();
        assertThat(all).extracting(SourceDocument::name).noneMatch(n -> n.startsWith(".rag-snapshots/"))
                .contains("vision/other/secret.txt");
    }

    @Test
    void aRestartOrSecondReplicaEmbedsNothingUnchangedAndRedoesWhatChanged() {
        var first = new WordHashEmbedder();
        runtime(first).reindex();
        assertThat(first.embedded).hasValue(2);

        var replica = new WordHashEmbedder();
        var second = runtime(replica);
        second.reindex();
        assertThat(replica.embedded).as("all from snapshots").hasValue(0);
        assertThat(second.embeddedChunks()).isZero();
        assertThat(second.readiness().chunks()).isEqualTo(2);
        assertThat(second.retrieve("honeybees dance", 1)).extracting(ScoredChunk::document)
                .containsExactly("guide/bees.md");

        put("vision/handbook/tides.txt", "Neap tides happen at the quarter moons.");
        store.delete(Bucket.DOCUMENTS, "vision/handbook/guide/bees.md");
        second.reindex();
        assertThat(second.embeddedChunks()).as("only the changed document").isEqualTo(1);
        assertThat(second.documents()).extracting(DocumentStatus::name).containsExactly("tides.txt");
        assertThat(second.retrieve("quarter moons", 1).get(0).text()).startsWith("Neap");
    }

    @Test
    void aDocumentAboveTheSizeLimitIsRecordedAndTheOthersServed() {
        put("vision/handbook/huge.txt", "x".repeat(2048));
        var runtime = runtime(new WordHashEmbedder());
        runtime.reindex();
        assertThat(runtime.documents()).filteredOn(d -> d.name().equals("huge.txt")).singleElement()
                .satisfies(d -> assertThat(d.error()).contains("larger than the limit"));
        assertThat(runtime.readiness().indexedDocuments()).isEqualTo(2);
    }
}
