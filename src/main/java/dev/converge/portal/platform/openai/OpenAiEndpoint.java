package dev.converge.portal.platform.openai;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

/**
 * Where an OpenAI-compatible server answers: its base URL as OpenAI SDKs take it (ending in {@code /v1}, e.g.
 * {@code http://localhost:11434/v1} or the API server's {@code .../services/llm:8080/proxy/v1}), the headers that
 * authenticate (asked for on every request, so a refreshed cluster token is used) and, for a TLS server with its own
 * CA or client certificate, the SSL context. {@link #toString()} never shows the headers.
 */
public record OpenAiEndpoint(URI baseUrl, Supplier<Map<String, String>> headers, SSLContext sslContext) {

    public OpenAiEndpoint {
        var text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
        headers = headers == null ? Map::of : headers;
    }

    /** A server reached with an optional API key ({@code Authorization: Bearer}). */
    public static OpenAiEndpoint of(String baseUrl, String apiKey) {
        var key = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        return new OpenAiEndpoint(URI.create(baseUrl.strip()),
                key == null ? Map::of : () -> Map.of("Authorization", "Bearer " + key), null);
    }

    URI resolve(String path) {
        return URI.create(baseUrl + path);
    }

    @Override
    public String toString() {
        return "OpenAiEndpoint[" + baseUrl + "]";
    }
}
