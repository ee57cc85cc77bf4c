package dev.converge.portal.platform.mlflow;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one HTTP transport to MLflow's REST API ({@code /api/2.0/mlflow/...}). mlflow-client's own caller has no
 * timeouts and retries (a 404 three times, a 429 for up to a minute): a page must neither hang on a slow server nor
 * wait through retries for an answer that will not change, so calls go out once, bounded by the read timeout from
 * start to body, and MLflow's answers (status and {@code {"error_code","message"}}) become the portal's exceptions.
 * The bodies are still MLflow's protobuf messages, parsed by {@link MlflowGateway} with mlflow-client's types.
 */
final class MlflowHttp {

    private static final Logger log = LoggerFactory.getLogger(MlflowHttp.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MlflowEndpoint endpoint;
    private final Duration readTimeout;
    private final HttpClient client;

    MlflowHttp(MlflowEndpoint endpoint, Duration connectTimeout, Duration readTimeout) {
        this.endpoint = endpoint;
        this.readTimeout = readTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Duration readTimeout() {
        return readTimeout;
    }

    CompletableFuture<String> get(MlflowCall call, Map<String, ?> query) {
        var joiner = new StringJoiner("&");
        query.forEach((key, value) -> {
            if (value instanceof Iterable<?> values) {
                values.forEach(v -> joiner.add(encode(key) + "=" + encode(String.valueOf(v))));
            } else if (value != null) {
                joiner.add(encode(key) + "=" + encode(String.valueOf(value)));
            }
        });
        var suffix = joiner.length() == 0 ? "" : "?" + joiner;
        return send(call, request(call, suffix).GET().build());
    }

    CompletableFuture<String> post(MlflowCall call, String json) {
        return send(call, request(call, "").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    /** Waits for a call until {@code deadlineNanos} ({@link System#nanoTime()}), then gives up as "too slow". */
    <T> T await(CompletableFuture<T> future, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw MlflowUnavailable.slow(readTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MlflowUnavailable.slow(readTimeout.toMillis());
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    static RuntimeException unwrap(Throwable failure) {
        var cause = failure instanceof CompletionException || failure instanceof ExecutionException
                ? failure.getCause() : failure;
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private HttpRequest.Builder request(MlflowCall call, String suffix) {
        var builder = HttpRequest.newBuilder(URI.create(endpoint.uri() + "/api/2.0/mlflow/" + call.path() + suffix))
                .timeout(readTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", "converge-portal");
        endpoint.authorization().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private CompletableFuture<String> send(MlflowCall call, HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .orTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw transportFailure(failure);
                    }
                    return answer(call, response);
                });
    }

    private RuntimeException transportFailure(Throwable failure) {
        var cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException
                && !(cause instanceof java.net.http.HttpConnectTimeoutException)) {
            return MlflowUnavailable.slow(readTimeout.toMillis());
        }
        if (cause instanceof IOException || cause instanceof java.nio.channels.UnresolvedAddressException) {
            log.debug("MLflow unreachable at {}: {}", endpoint.uri(), cause.toString());
            return MlflowUnavailable.unreachable(endpoint.uri().toString());
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private static String answer(MlflowCall call, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        var error = ErrorBody.read(response.body());
        if (status == 401 || status == 403) {
            throw MlflowUnavailable.refused(status);
        }
        if (status == 404 || "RESOURCE_DOES_NOT_EXIST".equals(error.code())) {
            if (call.notFound() != null && (status != 404 || error.code() != null)) {
                throw call.notFound().get();
            }
            // a 404 without MLflow's body: the path is not an MLflow server's
            throw MlflowUnavailable.failed(status, "not an MLflow tracking API");
        }
        if (status == 400 || "INVALID_PARAMETER_VALUE".equals(error.code()) || "BAD_REQUEST".equals(error.code())) {
            var message = error.message() == null ? "MLflow refused the request (" + status + ")" : error.message();
            throw new MlflowRejected(call.fieldOf(message), message);
        }
        throw MlflowUnavailable.failed(status, error.code() == null ? "no error code" : error.code());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** MLflow's error body; both fields null when the body is something else (a proxy's HTML page). */
    record ErrorBody(String code, String message) {
        static ErrorBody read(String body) {
            try {
                var node = JSON.readTree(body == null ? "" : body);
                if (node != null && node.isObject()) {
                    var code = node.get("error_code");
                    var message = node.get("message");
                    return new ErrorBody(code == null ? null : code.asString(),
                            message == null ? null : message.asString());
                }
            } catch (JacksonException notJson) {
                // not MLflow's error body
            }
            return new ErrorBody(null, null);
        }
    }
}
