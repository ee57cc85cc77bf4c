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
}
