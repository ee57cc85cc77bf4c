package dev.converge.portal.sandbox.models;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.converge.portal.sandbox.kubernetes.ProxiedPod;
import dev.converge.portal.sandbox.kubernetes.ProxiedRequest;
import dev.converge.portal.sandbox.kubernetes.ProxiedResponse;
import dev.converge.portal.sandbox.kubernetes.SandboxPodServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox model servers: every Running pod of a deployment with protocol {@code openai} answers as an
 * OpenAI-compatible server with the SIMULATED model {@value ExtractiveModel#ID} ({@code GET /v1/models},
 * {@code GET /v1/models/{id}}, {@code POST /v1/chat/completions} with and without {@code stream}, {@code GET
 * /health}). Tokens go out at {@code portal.sandbox.model-tokens-per-second} from one scheduler thread for all
 * streams, never a thread per stream; a client that goes away stops its generation ({@link #cancelledGenerations}).
 * Faults come from the deployment's env ({@link ModelFaults}).
 */
public final class SandboxModelServer implements SandboxPodServer, AutoCloseable {

    /** Where the deployments feature stores the spec of a deployment it made (its {@code protocol} among it). */
    static final String SPEC_ANNOTATION = "converge.dev/spec";
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
    static final String JSON_TYPE = "application/json";

    private static final Logger log = LoggerFactory.getLogger(SandboxModelServer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long tokenIntervalNanos;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong completions = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong tokensSent = new AtomicLong();
    private final Map<String, LongAdder> requestsByPod = new ConcurrentHashMap<>();

    public SandboxModelServer(int tokensPerSecond, Clock clock) {
        this.tokenIntervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, tokensPerSecond);
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "sandbox-model-tokens");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public boolean serves(ProxiedPod pod) {
        var spec = pod.workloadAnnotations().get(SPEC_ANNOTATION);
        if (spec == null) {
            return false;
        }
        try {
            return "openai".equals(JSON.readTree(spec).path("protocol").asString(""));
        } catch (JacksonException e) {
            return false;
        }
    }

    @Override
    public void serve(ProxiedPod pod, ProxiedRequest request, ProxiedResponse response) {
        var path = request.path().length() > 1 && request.path().endsWith("/")
                ? request.path().substring(0, request.path().length() - 1) : request.path();
        var method = request.method();
        requestsByPod.computeIfAbsent(pod.namespace() + "/" + pod.name(), k -> new LongAdder()).increment();
        if (path.equals("/v1/chat/completions")) {
            if (!method.equals("POST")) {
                notAllowed(request, response);
                return;
            }
            chat(pod, request, response);
        } else if (path.equals("/v1/models") || path.startsWith("/v1/models/")) {
            if (!method.equals("GET")) {
                notAllowed(request, response);
                return;
            }
            models(path, response);
        } else if (path.equals("/health") && method.equals("GET")) {
            response.send(200, JSON_TYPE, "{}");
        } else {
            error(response, 404, "Unknown request URL: " + method + " " + path + ". Please check the URL for "
                    + "typos. This is a sandbox model server: it serves /v1/models and /v1/chat/completions.",
                    null, "unknown_url");
        }
    }

    /** Generations stopped because their client went away. */
    public long cancelledGenerations() {
        return cancelled.get();
    }

    /** Requests this pod answered so far (the proxy takes a Service's Ready pods in turn). */
    public long requestsServed(String namespace, String pod) {
        var count = requestsByPod.get(namespace + "/" + pod);
        return count == null ? 0 : count.sum();
    }

    /** Completion tokens sent so far, over all generations. */
    public long tokensSent() {
        return tokensSent.get();
    }

    /** Chat completions begun (also those that failed or were cancelled). */
    public long completions() {
        return completions.get();
    }

    private void models(String path, ProxiedResponse response) {
        var created = clock.instant().getEpochSecond();
        if (path.equals("/v1/models")) {
            response.send(200, JSON_TYPE, OpenAiBodies.models(created));
            return;
        }
        var id = path.substring("/v1/models/".length());
        if (id.equals(ExtractiveModel.ID)) {
            response.send(200, JSON_TYPE, OpenAiBodies.json(OpenAiBodies.model(created)));
        } else {
            error(response, 404, "The model '" + id + "' does not exist", "model", "model_not_found");
        }
    }

    private void chat(ProxiedPod pod, ProxiedRequest request, ProxiedResponse response) {
        completions.incrementAndGet();
        var faults = ModelFaults.from(pod.env());
        ChatRequest chat;
        try {
            chat = ChatRequest.parse(request.body());
        } catch (ChatRequest.Invalid e) {
            error(response, 400, e.getMessage(), e.param(), e.code());
            return;
        }
        var latencyNanos = faults.latency().toNanos();
        if (faults.status().isPresent()) {
            var status = faults.status().getAsInt();
            var future = scheduler.schedule(() -> error(response, status, "Sandbox fault: "
                    + ModelFaults.STATUS + "=" + status + " makes this model server answer " + status + ".", null,
                    "sandbox_fault"), latencyNanos, TimeUnit.NANOSECONDS);
            response.onCancel(() -> future.cancel(false));
            return;
        }
        var pieces = ModelTokens.pieces(ExtractiveModel.answer(chat.messages()));
        var finishReason = "stop";
        if (chat.maxTokens().isPresent() && chat.maxTokens().getAsInt() < pieces.size()) {
            pieces = pieces.subList(0, chat.maxTokens().getAsInt());
            finishReason = "length";
        }
        var promptTokens = chat.messages().stream().mapToInt(m -> ModelTokens.count(m.content())).sum();
        var generation = new Generation(pod, "chatcmpl-sandbox-" + Long.toHexString(System.nanoTime()),
                clock.instant().getEpochSecond(), List.copyOf(pieces), finishReason, promptTokens, chat, faults,
                response);
        if (chat.stream()) {
            generation.stream(latencyNanos);
        } else {
            generation.whole(latencyNanos);
        }
    }

    /** One answer being generated, streamed token by token or sent whole once all its tokens are "generated". */
    private final class Generation {
        private final ProxiedPod pod;
        private final String id;
        private final long created;
        private final List<String> pieces;
        private final String finishReason;
        private final int promptTokens;
        private final ChatRequest request;
        private final ModelFaults faults;
        private final ProxiedResponse response;
        private volatile ScheduledFuture<?> task;
        private volatile boolean finished;
        private int next;

        Generation(ProxiedPod pod, String id, long created, List<String> pieces, String finishReason,
                   int promptTokens, ChatRequest request, ModelFaults faults, ProxiedResponse response) {
            this.pod = pod;
            this.id = id;
            this.created = created;
            this.pieces = pieces;
            this.finishReason = finishReason;
            this.promptTokens = promptTokens;
            this.request = request;
            this.faults = faults;
            this.response = response;
        }

        void stream(long latencyNanos) {
            response.onCancel(this::cancelled);
            response.start(200, Map.of("Content-Type", EVENT_STREAM, "Cache-Control", "no-cache"));
            schedule(scheduler.scheduleAtFixedRate(this::tick, latencyNanos, tokenIntervalNanos,
                    TimeUnit.NANOSECONDS));
        }

        void whole(long latencyNanos) {
            response.onCancel(this::cancelled);
            var tokens = faults.failAfterTokens().isPresent()
                    ? Math.min(pieces.size(), faults.failAfterTokens().getAsInt()) : pieces.size();
            schedule(scheduler.schedule(this::sendWhole, latencyNanos + tokens * tokenIntervalNanos,
                    TimeUnit.NANOSECONDS));
        }

        private void schedule(ScheduledFuture<?> scheduled) {
            task = scheduled;
            if (finished) {
                scheduled.cancel(false);
            }
        }

        private void sendWhole() {
            if (finished) {
                return;
            }
            finished = true;
            if (faults.failAfterTokens().isPresent() && faults.failAfterTokens().getAsInt() < pieces.size()) {
                tokensSent.addAndGet(faults.failAfterTokens().getAsInt());
                response.abort();
                return;
            }
            tokensSent.addAndGet(pieces.size());
            response.send(200, JSON_TYPE, OpenAiBodies.completion(id, created, String.join("", pieces),
                    finishReason, promptTokens, pieces.size()));
        }

        /** One step of a stream: the role chunk with the first token, a token, or the end. */
        private void tick() {
            if (finished) {
                return;
            }
            if (!response.isOpen()) {
                cancelled();
                return;
            }
            if (faults.failAfterTokens().isPresent() && next >= faults.failAfterTokens().getAsInt()
                    && next < pieces.size()) {
                stop();
                response.abort();
                return;
            }
            var usageField = request.includeUsage();
            if (next == 0) {
                event(OpenAiBodies.chunk(id, created, OpenAiBodies.roleDelta(), null,
                        usageField));
            }
            if (next < pieces.size()) {
                event(OpenAiBodies.chunk(id, created, Map.of("content", pieces.get(next)), null, usageField));
                next++;
                tokensSent.incrementAndGet();
                return;
            }
            stop();
            event(OpenAiBodies.chunk(id, created, Map.of(), finishReason, usageField));
            if (usageField) {
                event(OpenAiBodies.usageChunk(id, created, promptTokens, pieces.size()));
            }
            response.write("data: [DONE]\n\n");
            response.end();
        }

        private void event(String json) {
            response.write("data: " + json + "\n\n");
        }

        private void cancelled() {
            if (!finished) {
                stop();
                cancelled.incrementAndGet();
                log.info("Sandbox model server {}/{}: the client went away after {} of {} tokens; generation "
                        + "stopped", pod.namespace(), pod.name(), next, pieces.size());
            }
        }

        private void stop() {
            finished = true;
            var scheduled = task;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    private static void notAllowed(ProxiedRequest request, ProxiedResponse response) {
        error(response, 405, "Method " + request.method() + " is not allowed on " + request.path() + ".", null,
                "method_not_allowed");
    }

    private static void error(ProxiedResponse response, int status, String message, String param, String code) {
        response.send(status, JSON_TYPE, OpenAiBodies.error(message, OpenAiBodies.errorType(status), param, code));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
