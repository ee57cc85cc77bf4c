package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class RagRuntimeTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private final InMemoryDocuments documents = new InMemoryDocuments()
            .put("tides.txt", "Tides rise and fall because of the Moon's gravity. Spring tides happen at full moon.")
            .put("bees.md", "# Bees\n\nHoneybees dance to tell other workers where the flowers are.");
    private final WordHashEmbedder embedder = new WordHashEmbedder();
    private final RagRuntime runtime = new RagRuntime("handbook", RetrievalSettings.DEFAULTS, documents, embedder,
            CLOCK);

    @Test
    void isNotReadyBeforeTheFirstIndex() {
        assertThat(runtime.readiness()).isEqualTo(new Readiness(false, "Pending", 0, 0, 0, null));
    }

    @Test
    void indexesEveryDocumentAndRetrievesTheRelevantOne() {
        runtime.reindex();

        assertThat(runtime.readiness()).isEqualTo(new Readiness(true, "Ready", 2, 0, 2, CLOCK.instant()));
        assertThat(runtime.documents()).extracting(DocumentStatus::name, DocumentStatus::chunks,
                DocumentStatus::error).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bees.md", 1, null),
                        org.assertj.core.groups.Tuple.tuple("tides.txt", 1, null));
        assertThat(runtime.documents().get(1).sha256()).hasSize(64);
        var hits = runtime.retrieve("Why do tides rise and fall with the moon", 1);
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.document()).isEqualTo("tides.txt");
            assertThat(hit.text()).startsWith("Tides rise");
        });
    }

    @Test
    void aDocumentThatFailsIsRecordedAndTheOthersAreServed() {
        documents.put("broken.pdf", "not a pdf").put("slides.pptx", new byte[] {1, 2});
        runtime.reindex();

        var readiness = runtime.readiness();
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.phase()).isEqualTo("Degraded");
        assertThat(readiness.failedDocuments()).isEqualTo(2);
        assertThat(readiness.indexedDocuments()).isEqualTo(2);
        assertThat(runtime.documents()).filteredOn(d -> d.error() != null)
                .extracting(DocumentStatus::name).containsExactly("broken.pdf", "slides.pptx");
        assertThat(runtime.documents()).filteredOn(d -> d.name().equals("broken.pdf")).singleElement()
                .satisfies(d -> {
                    assertThat(d.error()).contains("not a readable PDF");
                    assertThat(d.chunks()).isZero();
                    assertThat(d.sha256()).hasSize(64);
                });
        assertThat(runtime.retrieve("honeybees dance", 4)).extracting(ScoredChunk::document).contains("bees.md");
    }

    @Test
    void anEmbeddingFailureIsRecordedOnTheDocumentsAndRetriedAtTheNextReindex() {
        var down = new java.util.concurrent.atomic.AtomicBoolean(true);
        var flaky = new RagRuntime("handbook", RetrievalSettings.DEFAULTS, documents, new Embedder() {
            @Override
            public String id() {
                return "flaky";
            }

            @Override
            public List<float[]> embed(List<String> texts) {
                if (down.get()) {
                    throw new IllegalStateException("endpoint down");
                }
                return embedder.embed(texts);
            }
        }, CLOCK);
        flaky.reindex();
        assertThat(flaky.documents()).allSatisfy(d -> assertThat(d.error()).contains("endpoint down"));
        assertThat(flaky.readiness().phase()).isEqualTo("Degraded");

        down.set(false);
        flaky.reindex();
        assertThat(flaky.documents()).allSatisfy(d -> assertThat(d.error()).isNull());
        assertThat(flaky.readiness()).extracting(Readiness::phase, Readiness::chunks).containsExactly("Ready", 2);
    }

    @Test
    void aDocumentThatCannotBeParsedIsNotReadAgainUntilItChanges() {
        documents.put("broken.pdf", "not a pdf");
        runtime.reindex();
        runtime.reindex();
        assertThat(documents.reads).containsEntry("broken.pdf", 1);
        assertThat(runtime.documents()).filteredOn(d -> d.name().equals("broken.pdf")).singleElement()
                .satisfies(d -> assertThat(d.error()).contains("not a readable PDF"));
        documents.put("broken.pdf", "still not a pdf");
        runtime.reindex();
        assertThat(documents.reads).containsEntry("broken.pdf", 2);
        assertThat(runtime.readiness().failedDocuments()).isEqualTo(1);
    }

    @Test
    void reindexEmbedsOnlyAddedAndChangedDocumentsAndDropsDeletedOnes() {
        runtime.reindex();
        assertThat(embedder.embedded).hasValue(2);

        runtime.reindex();
        assertThat(embedder.embedded).as("nothing changed").hasValue(2);

        documents.put("tides.txt", "Neap tides have the smallest range, at the quarter moons.");
        documents.put("coffee.txt", "Espresso uses nine bars of pressure.");
        documents.remove("bees.md");
        runtime.reindex();

        assertThat(embedder.embedded).hasValue(4);
        assertThat(runtime.documents()).extracting(DocumentStatus::name).containsExactly("coffee.txt", "tides.txt");
        assertThat(runtime.retrieve("honeybees dance flowers", 4)).extracting(ScoredChunk::document)
                .doesNotContain("bees.md");
        assertThat(runtime.retrieve("neap tides quarter moons", 1)).singleElement()
                .extracting(ScoredChunk::text).asString().startsWith("Neap tides");
    }

    @Test
    void aSecondRuntimeOverTheSameSnapshotsEmbedsNothing() {
        runtime.reindex();
        var second = new WordHashEmbedder();
        var replica = new RagRuntime("handbook", RetrievalSettings.DEFAULTS, documents, second, CLOCK);
        replica.reindex();
        assertThat(second.embedded).hasValue(0);
        assertThat(replica.readiness().chunks()).isEqualTo(2);
        assertThat(replica.retrieve("spring tides full moon", 1)).singleElement()
                .extracting(ScoredChunk::document).isEqualTo("tides.txt");
    }

    @Test
    void otherChunkSettingsDoNotReuseSnapshots() {
        runtime.reindex();
        var second = new WordHashEmbedder();
        new RagRuntime("handbook", new RetrievalSettings(4, 500, 50, 0), documents, second, CLOCK).reindex();
        assertThat(second.embedded).hasValue(2);
    }

    @Test
    void aCorruptSnapshotIsIgnoredAndTheDocumentEmbeddedAgain() {
        runtime.reindex();
        documents.snapshots.replaceAll((key, value) -> new byte[] {1, 2, 3});
        var second = new WordHashEmbedder();
        var replica = new RagRuntime("handbook", RetrievalSettings.DEFAULTS, documents, second, CLOCK);
        replica.reindex();
        assertThat(second.embedded).hasValue(2);
        assertThat(replica.readiness().phase()).isEqualTo("Ready");
    }

    @Test
    void aStorageFailureKeepsTheLastIndexServed() {
        runtime.reindex();
        documents.listingFailure = new IllegalStateException("storage down");
        assertThatThrownBy(runtime::reindex).hasMessageContaining("storage down");
        assertThat(runtime.readiness()).extracting(Readiness::ready, Readiness::phase, Readiness::chunks)
                .containsExactly(true, "Degraded", 2);
        assertThat(runtime.retrieve("spring tides", 1)).hasSize(1);
    }

    @Test
    void storageDownAtTheFirstIndexIsFailedAndNotReady() {
        documents.listingFailure = new IllegalStateException("storage down");
        assertThatThrownBy(runtime::reindex).hasMessageContaining("storage down");
        assertThat(runtime.readiness()).extracting(Readiness::ready, Readiness::phase).containsExactly(false,
                "Failed");
    }

    @Test
    void badQueriesAreRefused() {
        runtime.reindex();
        assertThatThrownBy(() -> runtime.retrieve(" ", null)).hasMessageContaining("query");
        assertThatThrownBy(() -> runtime.retrieve("x".repeat(RagRuntime.MAX_QUERY_LENGTH + 1), null))
                .hasMessageContaining("query");
        assertThatThrownBy(() -> runtime.retrieve("tides", 0)).hasMessageContaining("topK");
        assertThatThrownBy(() -> runtime.retrieve("tides", 51)).hasMessageContaining("topK");
    }

    @Test
    void startIndexesInTheBackgroundAndRequestsAreMerged() throws Exception {
        try (var started = new RagRuntime("handbook", RetrievalSettings.DEFAULTS, documents, embedder, CLOCK)) {
            started.start(java.time.Duration.ZERO);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> started.readiness().ready());
            documents.put("coffee.txt", "Espresso uses nine bars of pressure.");
            started.requestReindex();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> started.readiness().indexedDocuments() == 3);
        }
    }
}
