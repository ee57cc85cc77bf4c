package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Retrieval quality with the built-in all-MiniLM-L6-v2 on a corpus written for this test (src/test/resources/rag):
 * 32 short documents on distinct topics, in text, Markdown and HTML, and a question per document worded unlike the
 * document. The document that answers must be among the top 4 for at least 90% of the questions.
 */
class RetrievalQualityTests {

    private record Question(String text, String answeredBy) {
    }

    @Test
    void recallAtFourIsAtLeastNinetyPercent() throws Exception {
        var documents = new InMemoryDocuments();
        var corpus = resource("rag/corpus");
        try (Stream<Path> files = Files.list(corpus)) {
            for (var file : files.sorted().toList()) {
                documents.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        var questions = questions();
        assertThat(documents.documents).hasSizeGreaterThanOrEqualTo(30);
        assertThat(questions).hasSizeGreaterThanOrEqualTo(20);

        var runtime = new RagRuntime("corpus", RetrievalSettings.DEFAULTS, documents, new BuiltInEmbedder(),
                Clock.systemUTC());
        runtime.reindex();
        assertThat(runtime.readiness().failedDocuments()).isZero();

        var misses = new ArrayList<String>();
        for (var question : questions) {
            var found = runtime.retrieve(question.text(), 4).stream().map(ScoredChunk::document).toList();
            if (!found.contains(question.answeredBy())) {
                misses.add(question.text() + " -> " + found + ", wanted " + question.answeredBy());
            }
        }
        double recall = 1.0 - (double) misses.size() / questions.size();
        System.out.printf("recall@4 = %.3f over %d questions; misses: %s%n", recall, questions.size(), misses);
        assertThat(recall).as("recall@4, misses: %s", misses).isGreaterThanOrEqualTo(0.9);
    }

    private static List<Question> questions() throws IOException, URISyntaxException {
        return Files.readAllLines(resource("rag/questions.tsv"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t"))
                .map(fields -> new Question(fields[0], fields[1]))
                .toList();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(RetrievalQualityTests.class.getClassLoader().getResource(name).toURI());
    }
}
