package dev.converge.portal.platform.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The minimal OpenAI {@code POST /v1/chat/completions} client the RAG runtime needs to call its base model: the
 * request is sent as given, the answer returned as JSON, or as the stream of its {@code data:} chunks. The API key,
 * when there is one, is sent as a bearer token and never logged.
 */
public final class RuntimeBaseModelClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    public RuntimeBaseModelClient(String baseUrl, String apiKey, Duration timeout) {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("The base model URL must be an http(s) URL, was: " + baseUrl);
        }
        var root = baseUrl.replaceAll("/+$", "");
        this.endpoint = URI.create(root.endsWith("/v1") ? root + "/chat/completions" : root + "/v1/chat/completions");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A whole completion ({@code stream} is set to false). */
    public JsonNode complete(ObjectNode request) {
        var body = request.deepCopy().put("stream", false);
        var response = send(body, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw failed(response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new OpenAiEndpointException("The base model " + endpoint + " answered something that is not JSON",
                    e);
        }
    }

    /**
     * The completion's chunks as they arrive ({@code stream} is set to true). Fails before returning when the model
     * does not answer 2xx; close the stream to stop early.
     */
    public Stream<JsonNode> stream(ObjectNode request) {
        var body = request.deepCopy().put("stream", true);
        var response = send(body, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() / 100 != 2) {
            String text;
            try (var lines = response.body()) {
                text = String.join("\n", lines.limit(20).toList());
            }
            throw failed(response.statusCode(), text);
        }
        var lines = response.body();
        return lines.map(String::strip)
                .filter(line -> line.startsWith("data:"))
                .map(line -> line.substring(5).strip())
                .takeWhile(data -> !"[DONE]".equals(data))
                .map(RuntimeBaseModelClient::chunk)
                .onClose(lines::close);
    }

    private static JsonNode chunk(String data) {
        try {
            return JSON.readTree(data);
        } catch (JacksonException e) {
            throw new OpenAiEndpointException("The base model streamed a chunk that is not JSON", e);
        }
    }

    private <T> HttpResponse<T> send(ObjectNode body, HttpResponse.BodyHandler<T> handler) {
        var request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new OpenAiEndpointException("The base model " + endpoint + " cannot be reached: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiEndpointException("Interrupted while calling the base model", e);
        } catch (UncheckedIOException e) {
            throw new OpenAiEndpointException("The base model " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    private OpenAiEndpointException failed(int status, String body) {
        return new OpenAiEndpointException("The base model " + endpoint + " answered HTTP " + status + ": "
                + OpenAiEmbeddings.abbreviate(body), null);
    }
}
