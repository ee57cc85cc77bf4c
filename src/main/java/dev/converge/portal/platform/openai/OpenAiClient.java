package dev.converge.portal.platform.openai;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the OpenAI chat protocol ({@code GET /models}, {@code POST /chat/completions}, streamed or not) on
 * {@code java.net.http}: HTTP/1.1, the body read line by line as it arrives with no thread held per stream, and a
 * cancelled stream closes its connection so the server stops generating. The same client reaches a server directly,
 * with an API key, or through the Kubernetes API server's service proxy (see {@link ServiceEndpoints}).
 * <p>
 * Errors are {@link OpenAiException}s; what was asked and answered never goes into an exception or the log.
 */
public final class OpenAiClient implements AutoCloseable {

    private static final int MESSAGE_LIMIT = 300;

    private final JsonMapper json;
    private final OpenAiTimeouts timeouts;
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timers;
    private final Map<Optional<SSLContext>, HttpClient> clients = new ConcurrentHashMap<>();

    public OpenAiClient(JsonMapper json, OpenAiTimeouts timeouts) {
        this.json = json;
        this.timeouts = timeouts;
        var threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            var thread = new Thread(runnable, "openai-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            var thread = new Thread(runnable, "openai-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        this.timers.setRemoveOnCancelPolicy(true);
    }

    public OpenAiTimeouts timeouts() {
        return timeouts;
    }

    /** The ids of the models the server offers. */
    public List<String> models(OpenAiEndpoint endpoint) {
        var request = request(endpoint, "/models").timeout(timeouts.firstToken()).GET().build();
        var body = json(call(endpoint, request));
        var ids = new ArrayList<String>();
        for (var model : body.path("data")) {
            var id = model.path("id");
            if (id.isString()) {
                ids.add(id.asString());
            }
        }
        return ids;
    }

    /** The whole answer in one response ({@code "stream": false}), waiting at most the first-token timeout. */
    public OpenAiCompletion complete(OpenAiEndpoint endpoint, OpenAiChatRequest chat) {
        var request = request(endpoint, "/chat/completions").timeout(timeouts.firstToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(chat, false), StandardCharsets.UTF_8)).build();
        var body = json(call(endpoint, request));
        var choice = body.path("choices").path(0);
        var content = choice.path("message").path("content");
        if (!content.isString()) {
            throw new OpenAiException(OpenAiException.Kind.MALFORMED, "the answer has no message content");
        }
        var usage = body.path("usage");
        return new OpenAiCompletion(content.asString(), usage.isObject()
                ? new OpenAiUsage(usage.path("prompt_tokens").asInt(-1), usage.path("completion_tokens").asInt(-1))
                : OpenAiUsage.UNKNOWN, choice.path("finish_reason").isString()
                ? choice.path("finish_reason").asString() : null, OpenAiSource.of(body));
    }

    /**
     * Starts a streamed answer; tokens go to the listener as the server sends them. The first-token timeout runs
     * from now until the first token; the between-token timeout from each chunk to the next.
     */
    public OpenAiStream stream(OpenAiEndpoint endpoint, OpenAiChatRequest chat, OpenAiStreamListener listener) {
        var request = request(endpoint, "/chat/completions")
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(chat, true), StandardCharsets.UTF_8)).build();
        var call = new StreamCall(listener, new ChatChunkReader(json, listener), timers, timeouts,
                this::statusFailure);
        call.start(http(endpoint).sendAsync(request, call::bodySubscriber));
        return call;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        executor.shutdownNow();
    }

    private HttpRequest.Builder request(OpenAiEndpoint endpoint, String path) {
        var builder = HttpRequest.newBuilder(endpoint.resolve(path)).version(HttpClient.Version.HTTP_1_1);
        endpoint.headers().get().forEach(builder::header);
        return builder;
    }

    private HttpClient http(OpenAiEndpoint endpoint) {
        return clients.computeIfAbsent(Optional.ofNullable(endpoint.sslContext()), ssl -> {
            var builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeouts.connect()).followRedirects(HttpClient.Redirect.NEVER).executor(executor);
            ssl.ifPresent(builder::sslContext);
            return builder.build();
        });
    }

    private String call(OpenAiEndpoint endpoint, HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http(endpoint).sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiException(OpenAiException.Kind.INCOMPLETE, 0, "interrupted", e);
        } catch (ExecutionException e) {
            throw transportFailure(e.getCause(), false, false);
        }
        if (response.statusCode() / 100 != 2) {
            throw statusFailure(response.statusCode(), response.body());
        }
        return response.body();
    }

    private JsonNode json(String body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new OpenAiException(OpenAiException.Kind.MALFORMED, "the answer is not JSON");
        }
    }

    String body(OpenAiChatRequest chat, boolean stream) {
        ObjectNode root = json.createObjectNode();
        root.put("model", chat.model());
        var messages = root.putArray("messages");
        for (var message : chat.messages()) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        root.put("stream", stream);
        if (stream) {
            root.putObject("stream_options").put("include_usage", true);
        }
        if (chat.temperature() != null) {
            root.put("temperature", chat.temperature());
        }
        if (chat.maxTokens() != null) {
            root.put("max_tokens", chat.maxTokens());
        }
        return json.writeValueAsString(root);
    }

    /** An HTTP error status with the server's own message. */
    OpenAiException statusFailure(int status, String body) {
        return new OpenAiException(OpenAiException.Kind.UPSTREAM_STATUS, status, upstreamWords(body), null);
    }

    private String upstreamWords(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            var node = json.readTree(body);
            if (node.isObject()) {
                var message = errorMessage(node);
                if (message != null) {
                    return message;
                }
            }
        } catch (JacksonException e) {
            // not JSON: the first line of the text is the message
        }
        var firstLine = body.strip().lines().findFirst().orElse("");
        return shorten(firstLine);
    }

    /** The message of {@code {"error":{"message":…}}}, {@code {"error":"…"}}, {@code {"message":…}} or {@code {"detail":…}}. */
    static String errorMessage(JsonNode node) {
        var error = node.path("error");
        if (error.isString()) {
            return shorten(error.asString());
        }
        for (var candidate : List.of(error.path("message"), node.path("message"), node.path("detail"))) {
            if (candidate.isString() && !candidate.asString().isBlank()) {
                return shorten(candidate.asString());
            }
        }
        return null;
    }

    private static String shorten(String text) {
        var flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MESSAGE_LIMIT ? flat : flat.substring(0, MESSAGE_LIMIT) + "…";
    }

    static OpenAiException transportFailure(Throwable failure, boolean responded, boolean cancelled) {
        var cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof OpenAiException known) {
            return known;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new OpenAiException(OpenAiException.Kind.CONNECT_TIMEOUT, 0, "no connection", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new OpenAiException(OpenAiException.Kind.FIRST_TOKEN_TIMEOUT, 0, "no answer in time", cause);
        }
        if (cause instanceof CancellationException && cancelled) {
            return new OpenAiException(OpenAiException.Kind.INCOMPLETE, 0, "cancelled", cause);
        }
        if (!responded && (cause instanceof ConnectException || cause instanceof SSLException
                || cause instanceof java.nio.channels.UnresolvedAddressException
                || cause instanceof java.net.UnknownHostException)) {
            return new OpenAiException(OpenAiException.Kind.UNREACHABLE, 0, describe(cause), cause);
        }
        if (cause instanceof IOException || cause instanceof CancellationException) {
            return new OpenAiException(responded ? OpenAiException.Kind.INCOMPLETE : OpenAiException.Kind.UNREACHABLE,
                    0, describe(cause), cause);
        }
        return new OpenAiException(OpenAiException.Kind.INCOMPLETE, 0, describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        var message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : shorten(message);
    }

    static Duration positive(Duration duration) {
        return duration == null || duration.isNegative() || duration.isZero() ? Duration.ofDays(1) : duration;
    }
}
