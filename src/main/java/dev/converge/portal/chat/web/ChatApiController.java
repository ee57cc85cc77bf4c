package dev.converge.portal.chat.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.converge.portal.chat.ChatFailure;
import dev.converge.portal.chat.ChatLimitExceeded;
import dev.converge.portal.chat.ChatMessage;
import dev.converge.portal.chat.ChatModel;
import dev.converge.portal.chat.ChatReply;
import dev.converge.portal.chat.ChatRequest;
import dev.converge.portal.chat.ChatService;
import dev.converge.portal.chat.ChatSession;
import dev.converge.portal.chat.ChatSessionDetail;
import dev.converge.portal.chat.ChatSettings;
import dev.converge.portal.chat.ChatStarted;
import dev.converge.portal.chat.ChatUpstreamFailure;
import dev.converge.portal.chat.Generation;
import dev.converge.portal.chat.GenerationListener;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import dev.converge.portal.shared.web.ServletStreamSink;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat JSON API (docs/api.md, "Chat"): send a message and get the answer whole or as an SSE stream of
 * {@code token}, {@code sources}, {@code done} and {@code error} events; list, read, change, delete and export
 * sessions. An answer goes on when the client goes away; {@code GET .../messages/{id}/stream} picks it up again.
 * <p>
 * Streams are written straight to the asynchronous response ({@link ServletStreamSink}): a token is one small frame
 * and a flush, without the message converters an {@code SseEmitter} runs for each, and the end completes the
 * response without a second pass through the filters (together about a fifth of the portal's CPU per chat).
 */
@RestController
@RequestMapping(path = "/chat", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
class ChatApiController {

    /** A stream stays open at most this long; the answer itself goes on. */
    private static final long STREAM_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    private final ChatService chats;
    private final JsonMapper json;

    ChatApiController(ChatService chats, JsonMapper json) {
        this.chats = chats;
        this.json = json;
    }

    @GetMapping("/models")
    List<ChatModel> models(CurrentUser user) {
        return chats.models(user);
    }

    /** The whole answer as JSON; with {@code "stream": true} (and a JSON Accept) the stream, on the open response. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ChatReply> send(@RequestBody ChatRequest request, CurrentUser user, HttpServletRequest http,
                                      HttpServletResponse response) throws IOException {
        var started = limited(() -> chats.send(request, user), response);
        if (request.streamed()) {
            stream(started.generation(), http, response);
            return null; // the response is the stream (a handler with the response as argument writes its own)
        }
        return whole(started);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void sendStreamed(@RequestBody ChatRequest request, CurrentUser user, HttpServletRequest http,
                      HttpServletResponse response) throws IOException {
        stream(limited(() -> chats.send(request, user), response).generation(), http, response);
    }

    @PostMapping("/sessions/{id}/regenerate")
    CompletableFuture<ChatReply> regenerate(@PathVariable String id, CurrentUser user,
                                            HttpServletResponse response) {
        return whole(limited(() -> chats.regenerate(id, user), response));
    }

    @PostMapping(path = "/sessions/{id}/regenerate", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void regenerateStreamed(@PathVariable String id, CurrentUser user, HttpServletRequest http,
                            HttpServletResponse response) throws IOException {
        stream(limited(() -> chats.regenerate(id, user), response).generation(), http, response);
    }

    @PostMapping("/sessions/{id}/stop")
    ResponseEntity<Void> stop(@PathVariable String id, CurrentUser user) {
        return chats.stop(id, user) ? ResponseEntity.noContent().build()
                : ResponseEntity.status(HttpStatus.CONFLICT).build();
    }

    /** Picks up an answer under way (after a reload or a lost connection); a finished one is sent as one token. */
    @GetMapping(path = "/sessions/{id}/messages/{messageId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void follow(@PathVariable String id, @PathVariable String messageId, CurrentUser user, HttpServletRequest http,
                HttpServletResponse response) throws IOException {
        var running = chats.following(id, messageId, user);
        if (running.isPresent()) {
            stream(running.get(), http, response);
            return;
        }
        var message = chats.message(id, messageId, user);
        var events = new StreamEvents(ServletStreamSink.open(http, response, STREAM_TIMEOUT_MILLIS), json);
        if (!message.content().isEmpty()) {
            events.token(message.content());
        }
        events.finished(message, message.interrupted() && message.reason() != null
                ? new ChatFailure(ChatFailure.STOPPED, message.reason()) : null);
    }

    @GetMapping("/sessions")
    PageView<ChatSession> sessions(@RequestParam(required = false) String q, PageParams page, CurrentUser user) {
        return chats.sessions(q, page, user);
    }

    @GetMapping("/sessions/{id}")
    ChatSessionDetail session(@PathVariable String id, CurrentUser user) {
        return chats.get(id, user);
    }

    @PatchMapping(path = "/sessions/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ChatSession change(@PathVariable String id, @RequestBody ChatSettings settings, CurrentUser user) {
        return chats.change(id, settings, user);
    }

    @DeleteMapping("/sessions/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, CurrentUser user) {
        chats.delete(id, user);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/sessions/{id}/export", produces = {MediaType.TEXT_MARKDOWN_VALUE,
            MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<byte[]> export(@PathVariable String id, @RequestParam(defaultValue = "markdown") String format,
                                  CurrentUser user) {
        var body = chats.export(id, format, user);
        var json = "json".equals(format);
        return ResponseEntity.ok()
                .contentType(json ? MediaType.APPLICATION_JSON : new MediaType("text", "markdown",
                        StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("chat-" + id + (json ? ".json" : ".md")).build().toString())
                .body(body);
    }

    private static ChatStarted limited(java.util.function.Supplier<ChatStarted> call, HttpServletResponse response) {
        try {
            return call.get();
        } catch (ChatLimitExceeded e) {
            if (e.retryAfter() != null) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            }
            throw e;
        }
    }

    private static CompletableFuture<ChatReply> whole(ChatStarted started) {
        return started.generation().outcome().thenApply(end -> {
            if (end.failure() != null && end.failure().status() != ChatFailure.STOPPED) {
                throw ChatUpstreamFailure.of(end.failure());
            }
            return ChatReply.of(started.session().id(), end.message());
        });
    }

    private void stream(Generation generation, HttpServletRequest http, HttpServletResponse response)
            throws IOException {
        var sink = ServletStreamSink.open(http, response, STREAM_TIMEOUT_MILLIS);
        var events = new StreamEvents(sink, json);
        sink.onTermination(() -> generation.unfollow(events));
        generation.follow(events);
    }

    /** The events of an answer as API clients get them; a client that left stops receiving, the answer goes on. */
    private static final class StreamEvents implements GenerationListener {

        private final ServletStreamSink sink;
        private final JsonMapper json;
        private volatile boolean open = true;

        StreamEvents(ServletStreamSink sink, JsonMapper json) {
            this.sink = sink;
            this.json = json;
        }

        @Override
        public void token(String text) {
            send("token", Map.of("text", text));
        }

        @Override
        public void finished(ChatMessage message, ChatFailure failure) {
            if (!message.sources().isEmpty()) {
                send("sources", Map.of("messageId", message.id(), "sources", message.sources()));
            }
            if (failure == null || failure.status() == ChatFailure.STOPPED) {
                var done = new LinkedHashMap<String, Object>();
                done.put("messageId", message.id());
                done.put("usage", message.usage());
                done.put("timings", message.timings());
                if (failure != null) {
                    done.put("status", ChatMessage.INTERRUPTED);
                    done.put("reason", failure.detail());
                }
                send("done", done);
            } else {
                send("error", Map.of("status", failure.status(), "detail", failure.detail(),
                        "messageId", message.id()));
            }
            open = false;
            sink.complete();
        }

        /** One frame, as an {@code SseEmitter} writes it: {@code event:<name>}, {@code data:<json>}, a blank line. */
        private void send(String name, Object data) {
            if (!open) {
                return;
            }
            try {
                sink.send("event:" + name + "\ndata:" + json.writeValueAsString(data) + "\n\n");
            } catch (IOException e) {
                open = false; // the client left; the answer goes on without it
                sink.complete();
            }
        }
    }
}
