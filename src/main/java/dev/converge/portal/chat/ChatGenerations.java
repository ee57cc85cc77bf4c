package dev.converge.portal.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.platform.openai.OpenAiChatRequest;
import dev.converge.portal.platform.openai.OpenAiClient;
import dev.converge.portal.platform.openai.OpenAiException;
import dev.converge.portal.platform.openai.OpenAiUsage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The answers being generated in this portal. Each runs on its own, whoever watches: the text is saved at least
 * every {@code portal.chat.save-every} while it streams and stored whole at the end, complete or interrupted with
 * the reason. Answers a stopped portal left streaming are marked interrupted when it starts again.
 * <p>
 * What the portal adds to the time to first token is measured in two parts, timer
 * {@value #OVERHEAD_TIMER}: {@code part=request}, from the message received to the upstream request handed to the
 * HTTP client (checks, the question stored); {@code part=first-token}, from the model's first token read to it
 * written and flushed to every client following the answer. {@code chat.first.token.overhead.cpu} is the request
 * part's CPU time on the request thread, which a loaded machine does not inflate.
 */
@Component
class ChatGenerations {

    static final String OVERHEAD_TIMER = "chat.first.token.overhead";
    private static final Logger log = LoggerFactory.getLogger(ChatGenerations.class);

    private final ChatStore store;
    private final OpenAiClient client;
    private final MessageSource messages;
    private final Clock clock;
    private final Map<String, Generation> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService saver;
    /** Writes the rows of answers just started, after their request went upstream. */
    private final ExecutorService rowWriter;
    private final Timer requestOverhead;
    private final Timer requestCpu;
    private final Timer firstTokenOverhead;

    ChatGenerations(ChatStore store, OpenAiClient client, MessageSource messages, Clock clock,
                    ChatProperties properties, MeterRegistry meters) {
        this.requestOverhead = overheadTimer("request", meters);
        this.requestCpu = Timer.builder(OVERHEAD_TIMER + ".cpu").tag("part", "request")
                .description("CPU time of the request thread before the model is called")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.firstTokenOverhead = overheadTimer("first-token", meters);
        this.store = store;
        this.client = client;
        this.messages = messages;
        this.clock = clock;
        this.saver = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "chat-saver");
            thread.setDaemon(true);
            return thread;
        });
        this.rowWriter = Executors.newFixedThreadPool(2, runnable -> {
            var thread = new Thread(runnable, "chat-rows");
            thread.setDaemon(true);
            return thread;
        });
        var every = Math.max(100, properties.saveEvery().toMillis());
        saver.scheduleWithFixedDelay(this::saveProgress, every, every, TimeUnit.MILLISECONDS);
    }

    @EventListener(ApplicationReadyEvent.class)
    void interruptOrphans() {
        var count = store.interruptOrphans(words("chat.reason.portalRestarted"), Instant.now(clock));
        if (count > 0) {
            log.info("{} chat answers left streaming by the last run are kept as interrupted", count);
        }
    }

    /**
     * Sends the request upstream and returns at once: {@code afterSend} (which writes the answer's row) runs on the
     * row writer while the model thinks, off the way of the first token. The answer's end is stored only after the
     * row is: the end of a generation that ends first is stored by the writer once the row is there.
     */
    Generation start(ChatTarget target, OpenAiChatRequest request, String messageId, String sessionId, String owner,
                     Received received, Runnable afterSend) {
        var generation = new Generation(messageId, sessionId, owner, target.model().id(), this);
        running.put(messageId, generation);
        try {
            generation.upstream(client.stream(target.endpoint(), request, generation));
        } catch (OpenAiException e) {
            generation.onError(e);
        } catch (RuntimeException e) {
            generation.onError(new OpenAiException(OpenAiException.Kind.UNREACHABLE, 0, e.getClass().getSimpleName(),
                    e));
        }
        requestOverhead.record(received.wallSince(), TimeUnit.NANOSECONDS);
        requestCpu.record(received.cpuSince(), TimeUnit.NANOSECONDS);
        rowWriter.execute(() -> {
            try {
                afterSend.run();
                generation.rowWritten();
            } catch (RuntimeException e) {
                log.warn("Could not store chat answer {}: {}", messageId, e.toString());
                generation.rowWritten(); // there is none: the end is not waited for, the model not left talking
                generation.stop(new ChatFailure(500, words("chat.reason.notStored")));
            }
        });
        return generation;
    }

    /** How long the first token took from the model's stream to the clients following the answer. */
    void firstTokenDelivered(long nanos) {
        firstTokenOverhead.record(nanos, TimeUnit.NANOSECONDS);
    }

    Optional<Generation> running(String messageId) {
        return Optional.ofNullable(running.get(messageId));
    }

    java.util.stream.Stream<Generation> runningIn(String sessionId) {
        return List.copyOf(running.values()).stream().filter(generation -> generation.sessionId.equals(sessionId));
    }

    long streamingFor(String owner) {
        return running.values().stream().filter(generation -> generation.owner.equals(owner)).count();
    }

    boolean stop(String messageId) {
        var generation = running.get(messageId);
        if (generation == null) {
            return false;
        }
        generation.stop(new ChatFailure(ChatFailure.STOPPED, words("chat.reason.stopped")));
        return true;
    }

    /** Called once per generation when it ends: stores the answer and forgets the generation. */
    ChatMessage finished(Generation generation, String text, OpenAiUsage usage, ChatFailure failure,
                         Long firstTokenMs, long totalMs, List<ChatMessage.Source> sources) {
        var status = failure == null ? ChatMessage.DONE : ChatMessage.INTERRUPTED;
        var reason = failure == null ? null : failure.detail();
        var counts = usage.known() ? new ChatMessage.Usage(usage.promptTokens(), usage.completionTokens())
                : new ChatMessage.Usage(null, null);
        var timings = new ChatMessage.Timings(firstTokenMs, totalMs);
        var now = Instant.now(clock);
        try {
            store.finish(generation.messageId, text, status, reason, counts, timings, sources, now);
        } catch (RuntimeException e) {
            log.warn("Could not store the end of chat answer {}: {}", generation.messageId, e.toString());
        } finally {
            running.remove(generation.messageId);
        }
        if (failure != null && failure.status() != ChatFailure.STOPPED) {
            log.info("Chat answer {} with model {} interrupted: HTTP {}", generation.messageId, generation.model,
                    failure.status());
        }
        return new ChatMessage(generation.messageId, ChatMessage.ASSISTANT, text, generation.model, status, reason,
                counts, timings, now, sources);
    }

    /** An error of the model call as the client sees it: 504 for a timeout, 502 otherwise, with the reason. */
    ChatFailure failureOf(OpenAiException error) {
        var upstream = error.upstreamMessage() == null ? "" : error.upstreamMessage();
        return switch (error.kind()) {
            case CONNECT_TIMEOUT -> new ChatFailure(504, words("chat.error.upstream.connectTimeout"));
            case FIRST_TOKEN_TIMEOUT -> new ChatFailure(504, words("chat.error.upstream.firstTokenTimeout"));
            case TOKEN_TIMEOUT -> new ChatFailure(504, words("chat.error.upstream.tokenTimeout"));
            case UNREACHABLE -> new ChatFailure(502, words("chat.error.upstream.unreachable", upstream));
            case UPSTREAM_STATUS -> new ChatFailure(502, error.status() > 0
                    ? words("chat.error.upstream.status", error.status(), upstream.isEmpty() ? "-" : upstream)
                    : words("chat.error.upstream.inStream", upstream.isEmpty() ? "-" : upstream));
            case MALFORMED -> new ChatFailure(502, words("chat.error.upstream.malformed", upstream));
            case INCOMPLETE -> new ChatFailure(502, words("chat.error.upstream.incomplete", upstream));
        };
    }

    private void saveProgress() {
        var contents = new LinkedHashMap<String, String>();
        for (var generation : List.copyOf(running.values())) {
            var text = generation.unsaved();
            if (text != null) {
                contents.put(generation.messageId, text);
            }
        }
        if (contents.isEmpty()) {
            return;
        }
        try {
            store.saveProgress(contents, Instant.now(clock));
        } catch (RuntimeException e) {
            log.warn("Could not save {} chat answers so far: {}", contents.size(), e.toString());
        }
    }

    /** The portal stops: answers under way are cut and kept as interrupted. */
    @PreDestroy
    void stopAll() {
        saver.shutdownNow();
        rowWriter.shutdown();
        for (var generation : List.copyOf(running.values())) {
            generation.stop(new ChatFailure(503, words("chat.reason.portalStopped")));
        }
    }

    private static Timer overheadTimer(String part, MeterRegistry meters) {
        return Timer.builder(OVERHEAD_TIMER).tag("part", part)
                .description("What the portal adds to a chat answer's time to first token")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    String words(String code, Object... args) {
        return messages.getMessage(code, args, code, Locale.ENGLISH);
    }
}
