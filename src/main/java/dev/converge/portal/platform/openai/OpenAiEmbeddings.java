package dev.converge.portal.platform.openai;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of an OpenAI-compatible {@code POST /embeddings} endpoint (the RAG runtime's embedding model when it is
 * not the built-in one). Errors are {@link OpenAiException}s in the kinds {@link OpenAiClient} uses; the texts never
 * go into an exception or the log.
 */
public final class OpenAiEmbeddings {

    /** Texts per request: well under OpenAI's 2048 inputs, so one slow batch does not hit the timeout. */
    private static final int BATCH = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OpenAiEndpoint endpoint;
    private final String model;
    private final Duration timeout;
    private final HttpClient http;

    public OpenAiEmbeddings(OpenAiEndpoint endpoint, String model, OpenAiTimeouts timeouts) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("The embedding model must be named");
        }
        this.endpoint = endpoint;
        this.model = model;
        this.timeout = timeouts.firstToken();
        var builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeouts.connect());
        if (endpoint.sslContext() != null) {
            builder.sslContext(endpoint.sslContext());
        }
        this.http = builder.build();
    }

    public OpenAiEndpoint endpoint() {
        return endpoint;
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
        var request = HttpRequest.newBuilder(endpoint.resolve("/embeddings")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        endpoint.headers().get().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw OpenAiClient.transportFailure(e, false, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiException(OpenAiException.Kind.INCOMPLETE, 0, "interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            var body2 = response.body();
            String message = null;
            try {
                message = OpenAiClient.errorMessage(JSON.readTree(body2));
            } catch (JacksonException e) {
                // not JSON: the status says enough
            }
            throw new OpenAiException(OpenAiException.Kind.UPSTREAM_STATUS, response.statusCode(), message, null);
        }
        return vectors(response.body(), texts.size());
    }

    private static List<float[]> vectors(String body, int expected) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (JacksonException e) {
            throw new OpenAiException(OpenAiException.Kind.MALFORMED, "the answer is not JSON");
        }
        if (!data.isArray() || data.size() != expected) {
            throw new OpenAiException(OpenAiException.Kind.MALFORMED, "the answer holds " + data.size()
                    + " embeddings for " + expected + " inputs");
        }
        var vectors = new float[expected][];
        for (int position = 0; position < expected; position++) {
            var item = data.get(position);
            int index = item.path("index").asInt(position);
            var embedding = item.path("embedding");
            if (index < 0 || index >= expected || vectors[index] != null || !embedding.isArray()
                    || embedding.isEmpty()) {
                throw new OpenAiException(OpenAiException.Kind.MALFORMED, "an embedding has no vector or a wrong index");
            }
            var vector = new float[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) embedding.get(i).asDouble();
            }
            vectors[index] = vector;
        }
        return List.of(vectors);
    }
}
