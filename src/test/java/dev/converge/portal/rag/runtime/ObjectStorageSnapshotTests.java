package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;

import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
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
        return new RagRuntime("handbook", RetrievalSettings.DEFAULTS, documents, embedder, Clock.systemUTC());
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
