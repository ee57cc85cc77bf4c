package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextChunkerTests {

    @Test
    void shortTextIsOneChunk() {
        assertThat(new TextChunker(200, 20).chunks("One sentence. Another one.")).containsExactly(
                "One sentence. Another one.");
    }

    @Test
    void emptyTextHasNoChunks() {
        assertThat(new TextChunker(200, 20).chunks("  \n\n ")).isEmpty();
    }

    @Test
    void chunksEndOnSentenceBoundariesAndStayWithinTheSize() {
        var text = "Alpha is the first letter. ".repeat(30);
        var chunks = new TextChunker(200, 0).chunks(text);
        assertThat(chunks).hasSizeGreaterThan(3).allSatisfy(chunk -> {
            assertThat(chunk.length()).isLessThanOrEqualTo(200);
            assertThat(chunk).startsWith("Alpha").endsWith("letter.");
        });
        assertThat(String.join(" ", chunks)).isEqualTo(text.strip());
    }

    @Test
    void consecutiveChunksOverlapByWholeSentences() {
        var text = "Sentence one is here. Sentence two is here. Sentence three is here. Sentence four is here. "
                + "Sentence five is here. Sentence six is here. Sentence seven is here. Sentence eight is here.";
        var chunks = new TextChunker(100, 45).chunks(text);
        assertThat(chunks).hasSizeGreaterThan(2);
        for (int i = 1; i < chunks.size(); i++) {
            var previous = chunks.get(i - 1);
            var lastSentence = previous.substring(previous.lastIndexOf("Sentence"));
            assertThat(chunks.get(i)).startsWith(lastSentence);
        }
    }

    @Test
    void paragraphsStaySeparated() {
        var chunks = new TextChunker(1000, 0).chunks("First paragraph.\nstill first.\n\n\nSecond paragraph.");
        assertThat(chunks).containsExactly("First paragraph. still first.\n\nSecond paragraph.");
    }

    @Test
    void aSentenceLongerThanAChunkIsCutBetweenWords() {
        var longSentence = "word ".repeat(100).strip();
        var chunks = new TextChunker(200, 0).chunks(longSentence);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(200)
                .isGreaterThan(100));
        assertThat(String.join(" ", chunks)).isEqualTo(longSentence);
    }

    @Test
    void aWordLongerThanAChunkIsCut() {
        var chunks = new TextChunker(200, 10).chunks("x".repeat(450));
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(200));
        assertThat(String.join("", chunks).replace(" ", "")).hasSizeGreaterThanOrEqualTo(450);
    }

    @Test
    void overlapMustBeBelowTheSize() {
        assertThatThrownBy(() -> new TextChunker(200, 200)).isInstanceOf(IllegalArgumentException.class);
    }
}
