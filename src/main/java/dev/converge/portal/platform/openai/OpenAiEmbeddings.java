package dev.converge.portal.platform.openai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of an OpenAI-compatible {@code POST /v1/embeddings} endpoint. {@code baseUrl} is the server's root or
 * its {@code /v1}; the API key, when there is one, is sent as a bearer token and never logged.
 */
public final class OpenAiEmbeddings {

    /** Texts per request: OpenAI accepts up to 2048 inputs; smaller requests fail and retry cheaper. */
    private static final int BATCH = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String baseUrl;
    private final String model;
    private final String apiKey;
    private final HttpClient http;
    private final Duration timeout;

    public OpenAiEmbeddings(String baseUrl, String model, String apiKey, Duration timeout) {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("The embeddings URL must be an http(s) URL, was: " + baseUrl);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("The embeddings model must be named");
        }
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.endpoint = URI.create(this.baseUrl.endsWith("/v1") ? this.baseUrl + "/embeddings"
                : this.baseUrl + "/v1/embeddings");
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String model() {
        return model;
    }

    /** One vector per text, in order. */
    public List<float[]> embed(List<String> texts) {
        var vectors = new ArrayList<float[]>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            vectors.addAll(embedBatch(texts.subList(from, Math.min(texts.size(), from + BATCH))));
        }
        return vectors;
    }

    private List<float[]> embedBatch(List<String> texts) {
        var body = JSON.createObjectNode().put("model", model);
        var input = body.putArray("input");
        texts.forEach(input::add);
        var request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OpenAiEndpointException("The embeddings endpoint " + endpoint + " cannot be reached: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiEndpointException("Interrupted while calling the embeddings endpoint", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new OpenAiEndpointException("The embeddings endpoint " + endpoint + " answered HTTP "
                    + response.statusCode() + ": " + abbreviate(response.body()), null);
        }
        return vectors(response.body(), texts.size());
    }

    private List<float[]> vectors(String body, int expected) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (JacksonException e) {
            throw new OpenAiEndpointException("The embeddings endpoint answered something that is not JSON", e);
        }
        if (!data.isArray() || data.size() != expected) {
            throw new OpenAiEndpointException("The embeddings endpoint answered " + data.size() + " vectors for " + expected
                    + " inputs", null);
        }
        var vectors = new float[expected][];
        for (var item : data) {
            int index = item.path("index").asInt(-1);
            var embedding = item.path("embedding");
            if (index < 0 || index >= expected || !embedding.isArray() || embedding.isEmpty()) {
                throw new OpenAiEndpointException("The embeddings endpoint answered an item without index or embedding", null);
            }
            var vector = new float[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) embedding.get(i).asDouble();
            }
            vectors[index] = vector;
        }
        return List.of(vectors);
    }

    static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
