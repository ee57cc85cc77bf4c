package dev.converge.portal.platform.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OpenAiClientTests {

    private static final String SOURCES = "[{\"document\":\"faq.md\",\"chunk\":2,\"score\":0.91},"
            + "{\"document\":\"terms.pdf\",\"score\":0.5}]";

    private OpenAiStub stub;
    private OpenAiClient client;
    private OpenAiEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        stub = new OpenAiStub();
        client = new OpenAiClient(JsonMapper.builder().build(), new OpenAiTimeouts(Duration.ofSeconds(2),
                Duration.ofMillis(800), Duration.ofMillis(400)));
        endpoint = OpenAiEndpoint.of(stub.baseUrl(), "sk-test");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        stub.close();
    }

    @Test
    void listsModels() {
        assertThat(client.models(endpoint)).containsExactly("stub-model");
    }

    @Test
    void completesWithoutStreaming() {
        stub.script(OpenAiStub.Script.words("The answer is 42."));
        var answer = client.complete(endpoint, request());
        assertThat(answer.text()).isEqualTo("The answer is 42.");
        assertThat(answer.usage()).isEqualTo(new OpenAiUsage(7, 4));
        assertThat(stub.requests().get(0)).contains("\"stream\":false").contains("\"max_tokens\":64");
    }

    @Test
    void readsTheSourcesOfARetrievingServerInAWholeAnswer() {
        stub.script(OpenAiStub.Script.words("Returns are free.").withSources(SOURCES));
        var answer = client.complete(endpoint, request());
        assertThat(answer.text()).isEqualTo("Returns are free.");
        assertThat(answer.sources()).containsExactly(new OpenAiSource("faq.md", 2, 0.91),
                new OpenAiSource("terms.pdf", null, 0.5));
    }

    @Test
    void aPlainServerAnswersWithoutSources() {
        stub.script(OpenAiStub.Script.words("Hi."));
        assertThat(client.complete(endpoint, request()).sources()).isEmpty();
        var outcome = stream().join();
        assertThat(outcome.error).isNull();
        assertThat(outcome.sources).isEmpty();
    }

    @Test
    void readsTheSourcesInTheLastChunkOfAStreamBeforeItCompletes() {
        stub.script(OpenAiStub.Script.tokens(List.of("a", "b")).withSources(SOURCES));
        var outcome = stream().join();
        assertThat(outcome.error).isNull();
        assertThat(outcome.tokens).containsExactly("a", "b");
        assertThat(outcome.usage).isEqualTo(new OpenAiUsage(7, 2));
        assertThat(outcome.sources).extracting(OpenAiSource::document).containsExactly("faq.md", "terms.pdf");
    }

    @Test
    void sourcesWithoutADocumentNameAreSkipped() {
        stub.script(OpenAiStub.Script.tokens(List.of("a")).withSources("[{\"score\":1},{\"document\":7},"
                + "{\"document\":\"ok.txt\",\"score\":\"high\"}]"));
        var outcome = stream().join();
        assertThat(outcome.error).isNull();
        assertThat(outcome.sources).containsExactly(new OpenAiSource("ok.txt", null, 0));
    }

    @Test
    void streamsTokensInOrderWithUsage() {
        stub.script(OpenAiStub.Script.tokens(List.of("a", "b", "c", "d")).tokenEvery(Duration.ofMillis(20)));
        var result = stream();
        assertThat(result.join().tokens).containsExactly("a", "b", "c", "d");
        assertThat(result.join().usage).isEqualTo(new OpenAiUsage(7, 4));
        assertThat(result.join().error).isNull();
    }

    @Test
    void aMalformedChunkEndsTheStreamAsMalformedKeepingWhatCameBefore() {
        stub.script(OpenAiStub.Script.tokens(List.of("a", "b", "c")).malformedAt(1));
        var outcome = stream().join();
        assertThat(outcome.tokens).containsExactly("a");
        assertThat(outcome.error.kind()).isEqualTo(OpenAiException.Kind.MALFORMED);
    }

    @Test
    void aMissingDoneAfterTheFinishStillCompletes() {
        stub.script(OpenAiStub.Script.tokens(List.of("a", "b")).withoutDone(true));
        var outcome = stream().join();
        assertThat(outcome.error).isNull();
        assertThat(outcome.tokens).containsExactly("a", "b");
    }

    @Test
    void aStreamClosedBeforeItsFinishIsIncomplete() {
        stub.script(OpenAiStub.Script.tokens(List.of("a", "b")).withoutDone(false));
        var outcome = stream().join();
        assertThat(outcome.tokens).containsExactly("a", "b");
        assertThat(outcome.error.kind()).isEqualTo(OpenAiException.Kind.INCOMPLETE);
    }

    @Test
    void anErrorStatusCarriesTheUpstreamsOwnMessage() {
        stub.script(OpenAiStub.Script.failing(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}"));
        var outcome = stream().join();
        assertThat(outcome.error.kind()).isEqualTo(OpenAiException.Kind.UPSTREAM_STATUS);
        assertThat(outcome.error.status()).isEqualTo(500);
        assertThat(outcome.error.upstreamMessage()).isEqualTo("CUDA out of memory");
        assertThatThrownBy(() -> client.complete(endpoint, request()))
                .isInstanceOfSatisfying(OpenAiException.class, e -> assertThat(e.status()).isEqualTo(500));
    }

    @Test
    void aSlowFirstTokenTimesOut() {
        stub.script(OpenAiStub.Script.tokens(List.of("late")).firstTokenAfter(Duration.ofSeconds(3)));
        var outcome = stream().join();
        assertThat(outcome.error.kind()).isEqualTo(OpenAiException.Kind.FIRST_TOKEN_TIMEOUT);
        assertThat(outcome.tokens).isEmpty();
    }

    @Test
    void aStalledStreamTimesOutBetweenTokensKeepingThePartialAnswer() {
        stub.script(OpenAiStub.Script.tokens(List.of("a", "b", "c")).tokenEvery(Duration.ofSeconds(2)));
        var outcome = stream().join();
        assertThat(outcome.tokens).containsExactly("a");
        assertThat(outcome.error.kind()).isEqualTo(OpenAiException.Kind.TOKEN_TIMEOUT);
    }

    @Test
    void theBetweenTokenTimeoutIsAboutGapsNotTheWholeAnswer() {
        // 8 tokens 150 ms apart: 1.2 s in all, three times the 400 ms between-token timeout, no gap longer than it
        stub.script(OpenAiStub.Script.tokens(List.of("a", "b", "c", "d", "e", "f", "g", "h"))
                .tokenEvery(Duration.ofMillis(150)));
        var outcome = stream().join();
        assertThat(outcome.error).isNull();
        assertThat(outcome.tokens).containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
    }

    @Test
    void aResetConnectionIsIncomplete() {
        stub.script(OpenAiStub.Script.tokens(List.of("a", "b", "c", "d")).tokenEvery(Duration.ofMillis(20))
                .resetAfter(2));
        var outcome = stream().join();
        assertThat(outcome.tokens).containsExactly("a", "b");
        assertThat(outcome.error.kind()).isEqualTo(OpenAiException.Kind.INCOMPLETE);
    }

    @Test
    void anUnreachableServerSaysSo() {
        var nobody = OpenAiEndpoint.of("http://127.0.0.1:1/v1", null);
        assertThatThrownBy(() -> client.models(nobody)).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.kind()).isEqualTo(OpenAiException.Kind.UNREACHABLE));
    }

    @Test
    void cancellingClosesTheUpstreamConnection() {
        stub.script(OpenAiStub.Script.tokens(Collections.nCopies(100, "x")).tokenEvery(Duration.ofMillis(30)));
        var outcome = new Outcome();
        var running = client.stream(endpoint, request(), outcome);
        await().atMost(5, TimeUnit.SECONDS).until(() -> outcome.tokens.size() >= 3);
        running.cancel();
        await().atMost(5, TimeUnit.SECONDS).until(() -> stub.abandoned() == 1);
        assertThat(outcome.tokens.size()).isLessThan(100);
        assertThat(outcome.finished.isDone()).isFalse();
    }

    @Test
    void theApiKeyIsSentButNeverShown() {
        assertThat(endpoint.toString()).doesNotContain("sk-test");
    }

    private OpenAiChatRequest request() {
        return new OpenAiChatRequest("stub-model", List.of(OpenAiMessage.user("hi")), 0.2, 64);
    }

    @Test
    void aFinishedStreamLeavesItsConnectionForTheNextRequest() throws Exception {
        var clientPorts = new CopyOnWriteArrayList<Integer>();
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked, keep-alive
            try (var out = exchange.getResponseBody()) {
                out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"
                        + "data: [DONE]\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        server.start();
        try {
            var keepAlive = OpenAiEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", null);
            for (int i = 0; i < 3; i++) {
                var outcome = new Outcome();
                client.stream(keepAlive, request(), outcome);
                assertThat(outcome.finished.orTimeout(10, TimeUnit.SECONDS).join().tokens).containsExactly("hi");
            }
            assertThat(clientPorts).hasSize(3);
            // the answer completes at [DONE] and the body ends just after it: a request sent in between may still
            // need a connection of its own, but not every one (before, each stream closed its connection)
            assertThat(new java.util.HashSet<>(clientPorts)).as("connections reused").hasSizeLessThan(3);
        } finally {
            server.stop(0);
        }
    }

    private CompletableFuture<Outcome> stream() {
        var outcome = new Outcome();
        client.stream(endpoint, request(), outcome);
        return outcome.finished.orTimeout(10, TimeUnit.SECONDS);
    }

    static final class Outcome implements OpenAiStreamListener {
        final List<String> tokens = new CopyOnWriteArrayList<>();
        final CompletableFuture<Outcome> finished = new CompletableFuture<>();
        volatile OpenAiUsage usage;
        volatile OpenAiException error;
        final List<OpenAiSource> sources = new CopyOnWriteArrayList<>();

        @Override
        public void onSources(List<OpenAiSource> found) {
            sources.addAll(found);
        }

        @Override
        public void onToken(String text) {
            tokens.add(text);
        }

        @Override
        public void onComplete(OpenAiUsage usage, String finishReason) {
            this.usage = usage;
            finished.complete(this);
        }

        @Override
        public void onError(OpenAiException error) {
            this.error = error;
            finished.complete(this);
        }
    }
}
