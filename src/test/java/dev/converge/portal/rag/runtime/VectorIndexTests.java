package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Test;

class VectorIndexTests {

    private static float[] unit(float... values) {
        return Embedder.normalised(values);
    }

    private final VectorIndex index = VectorIndex.of(new LinkedHashMap<>(java.util.Map.of(
            "a.txt", new EmbeddedDocument("sha-a", List.of("a0", "a1"), List.of(unit(1, 0, 0), unit(1, 1, 0))),
            "b.txt", new EmbeddedDocument("sha-b", List.of("b0"), List.of(unit(0, 0, 1))))));

    @Test
    void returnsTheMostSimilarChunksBestFirst() {
        var hits = index.search(unit(1, 0.1f, 0), 2, 0);
        assertThat(hits).extracting(ScoredChunk::text).containsExactly("a0", "a1");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score()).isLessThanOrEqualTo(1.0);
        assertThat(hits.get(1).document()).isEqualTo("a.txt");
        assertThat(hits.get(1).chunk()).isEqualTo(1);
    }

    @Test
    void dropsChunksBelowTheThreshold() {
        assertThat(index.search(unit(1, 0, 0), 10, 0.5)).extracting(ScoredChunk::text).containsExactly("a0", "a1");
    }

    @Test
    void topKLargerThanTheIndexReturnsEverything() {
        assertThat(index.search(unit(0, 0, 1), 50, 0)).hasSize(3).first().extracting(ScoredChunk::text)
                .isEqualTo("b0");
    }

    @Test
    void anEmptyIndexFindsNothing() {
        assertThat(VectorIndex.of(java.util.Map.of()).search(unit(1, 0), 4, 0)).isEmpty();
    }

    @Test
    void aQueryOfTheWrongDimensionIsRefused() {
        assertThatThrownBy(() -> index.search(unit(1, 0), 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheSameTopKAsSortingEveryScore() {
        var random = new java.util.Random(7);
        var byName = new LinkedHashMap<String, EmbeddedDocument>();
        for (int d = 0; d < 20; d++) {
            var texts = new java.util.ArrayList<String>();
            var vectors = new java.util.ArrayList<float[]>();
            for (int c = 0; c < 50; c++) {
                var vector = new float[16];
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = (float) random.nextGaussian();
                }
                texts.add(d + "/" + c);
                vectors.add(Embedder.normalised(vector));
            }
            byName.put("doc-" + d, new EmbeddedDocument("sha-" + d, texts, vectors));
        }
        var big = VectorIndex.of(byName);
        for (int q = 0; q < 20; q++) {
            var query = new float[16];
            for (int i = 0; i < query.length; i++) {
                query[i] = (float) random.nextGaussian();
            }
            var normalised = Embedder.normalised(query);
            var reference = new java.util.ArrayList<Double>(); // every chunk's score, sorted: the slow way
            for (var document : byName.values()) {
                for (var vector : document.vectors()) {
                    double dot = 0;
                    for (int i = 0; i < vector.length; i++) {
                        dot += vector[i] * normalised[i];
                    }
                    reference.add(Math.round(dot * 10_000) / 10_000.0);
                }
            }
            reference.sort(java.util.Comparator.reverseOrder());
            for (int k : new int[] {1, 4, 7, 50}) {
                assertThat(big.search(normalised, k, -1)).extracting(ScoredChunk::score)
                        .usingElementComparator((a, b) -> Math.abs(a - b) < 2e-4 ? 0 : Double.compare(a, b))
                        .containsExactlyElementsOf(reference.subList(0, k)); // float sums round differently

            }
        }
    }
}
