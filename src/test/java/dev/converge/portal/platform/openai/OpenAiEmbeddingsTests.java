package dev.converge.portal.platform.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code /v1/embeddings} client against a stub server. */
class OpenAiEmbeddingsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String fixedAnswer;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(body);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            var answer = fixedAnswer != null ? fixedAnswer : reversedAnswer(body);
            var bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** One vector per input ({@code [length, index]}), listed in reverse order with their indices. */
    private static String reversedAnswer(String body) {
        var input = JSON.readTree(body).path("input");
        var answer = JSON.createObjectNode();
        var data = answer.putArray("data");
        for (int i = input.size() - 1; i >= 0; i--) {
            data.addObject().put("index", i).putArray("embedding").add(input.get(i).asString().length()).add(i);
        }
        return answer.toString();
    }

    private OpenAiEmbeddings client(String apiKey) {
        return new OpenAiEmbeddings(OpenAiEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                apiKey), "bge-small", OpenAiTimeouts.DEFAULT);
    }

    @Test
    void embedsInBatchesInInputOrderWithTheKey() {
        var texts = IntStream.range(0, 130).mapToObj("x"::repeat).toList();
        var vectors = client("sk-test").embed(texts);
        assertThat(vectors).hasSize(130);
        for (int i = 0; i < 130; i++) {
            assertThat(vectors.get(i)).containsExactly(i, i % 64);
        }
        assertThat(requests).hasSize(3);
        assertThat(JSON.readTree(requests.get(0)).path("model").asString()).isEqualTo("bge-small");
        assertThat(authorizations).containsOnly("Bearer sk-test");
    }

    @Test
    void anErrorStatusCarriesTheServersWords() {
        status = 401;
        fixedAnswer = "{\"error\":{\"message\":\"invalid api key\"}}";
        assertThatThrownBy(() -> client(null).embed(List.of("a")))
                .isInstanceOfSatisfying(OpenAiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(OpenAiException.Kind.UPSTREAM_STATUS);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("invalid api key").doesNotContain("\"a\"");
                });
    }

    @Test
    void aMalformedAnswerIsRefused() {
        fixedAnswer = "{\"data\":[{\"index\":0}]}";
        assertThatThrownBy(() -> client(null).embed(List.of("a"))).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.kind()).isEqualTo(OpenAiException.Kind.MALFORMED));
        fixedAnswer = "not json";
        assertThatThrownBy(() -> client(null).embed(List.of("a"))).isInstanceOf(OpenAiException.class);
        fixedAnswer = "{\"data\":[]}";
        assertThatThrownBy(() -> client(null).embed(List.of("a"))).hasMessageContaining("0 embeddings for 1");
    }

    @Test
    void anUnreachableServerIsSaidSo() {
        var client = client(null);
        server.stop(0);
        assertThatThrownBy(() -> client.embed(List.of("a"))).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.kind()).isEqualTo(OpenAiException.Kind.UNREACHABLE));
    }
}
