package dev.converge.portal.platform.mlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * Where MLflow is and how to sign in to it, resolved once at start: a configured server, the sandbox's embedded one,
 * or none. The {@code Authorization} value is kept here only; {@link #toString()} never shows it.
 */
public final class MlflowEndpoint {

    private final URI uri;
    private final boolean embedded;
    private final String authorization;

    private MlflowEndpoint(URI uri, boolean embedded, String authorization) {
        this.uri = uri;
        this.embedded = embedded;
        this.authorization = authorization;
    }

    public static MlflowEndpoint none() {
        return new MlflowEndpoint(null, false, null);
    }

    public static MlflowEndpoint embedded(URI uri) {
        return new MlflowEndpoint(withoutTrailingSlash(uri), true, null);
    }

    /** A configured server; credentials from the properties (values or Secret files). */
    public static MlflowEndpoint configured(MlflowProperties properties) {
        var uri = parse(properties.trackingUri());
        var token = valueOrFile(properties.token(), properties.tokenFile());
        var password = valueOrFile(properties.password(), properties.passwordFile());
        String authorization = null;
        if (token != null) {
            authorization = "Bearer " + token;
        } else if (properties.username() != null && !properties.username().isBlank()) {
            if (password == null) {
                throw new IllegalStateException("portal.mlflow.password (or password-file) must be set when "
                        + "portal.mlflow.username is set");
            }
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (properties.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        return new MlflowEndpoint(uri, false, authorization);
    }

    public boolean isConfigured() {
        return uri != null;
    }

    /** The tracking URI; only when {@link #isConfigured()}. */
    public URI uri() {
        return uri;
    }

    public boolean isEmbedded() {
        return embedded;
    }

    Optional<String> authorization() {
        return Optional.ofNullable(authorization);
    }

    @Override
    public String toString() {
        return uri == null ? "MLflow not configured" : "MLflow at " + uri + (embedded ? " (embedded)" : "")
                + (authorization == null ? "" : " with credentials");
    }

    private static URI parse(String value) {
        try {
            var uri = URI.create(value.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return withoutTrailingSlash(uri);
            }
        } catch (IllegalArgumentException e) {
            // reported below with the property named
        }
        throw new IllegalStateException("portal.mlflow.tracking-uri must be an http(s) URL such as "
                + "http://mlflow:5000, was: " + value);
    }

    private static URI withoutTrailingSlash(URI uri) {
        var text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    private static String valueOrFile(String value, Path file) {
        if (value != null && !value.isBlank()) {
            return value.strip();
        }
        if (file == null) {
            return null;
        }
        try {
            var text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the MLflow credential file " + file, e);
        }
    }
}
