package dev.converge.portal.builds.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.converge.portal.builds.BuildLogStreams;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.ClientKind;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A build's log, live: {@code build-log} events carry one rendered line each (id = line number, so a reconnect with
 * {@code Last-Event-ID} resumes after it), and {@code build-log-end} says the container stopped; pages close the
 * stream on it ({@code sse-close}), so a finished log is not fetched again. The declared type names the emitter:
 * with {@code Object}, the dispatch that follows its completion would look for a view. Any Accept is mapped here so
 * the access check answers first (403/404); only a visible build's log refuses other types with a 406.
 */
@Controller
class BuildLogStreamController {

    private static final long TIMEOUT_MILLIS = 30 * 60 * 1000L;

    private final Builds builds;
    private final BuildLogStreams streams;
    private final LiveFragments fragments;

    BuildLogStreamController(Builds builds, BuildLogStreams streams, LiveFragments fragments) {
        this.builds = builds;
        this.streams = streams;
        this.fragments = fragments;
    }

    @GetMapping(path = "/ai-converge/builds/{namespace}/{name}/logs/stream", produces = MediaType.ALL_VALUE)
    ResponseEntity<SseEmitter> stream(@PathVariable String namespace, @PathVariable String name,
                  @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, CurrentUser user,
                  HttpServletRequest request) throws HttpMediaTypeNotAcceptableException {
        builds.get(user, namespace, name);
        if (!ClientKind.accepts(request, MediaType.TEXT_EVENT_STREAM)) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.TEXT_EVENT_STREAM));
        }
        var emitter = new SseEmitter(TIMEOUT_MILLIS);
        var follow = streams.follow(user, namespace, name, skip(lastEventId),
                (number, text) -> send(emitter, SseEmitter.event().id(Long.toString(number)).name("build-log")
                        .data(fragments.render("builds/fragments", "log-line", Map.of("line", text)))),
                () -> {
                    send(emitter, SseEmitter.event().name("build-log-end").data("end"));
                    emitter.complete();
                });
        if (follow.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        emitter.onCompletion(follow.get()::close);
        emitter.onTimeout(follow.get()::close);
        emitter.onError(error -> follow.get().close());
        return ResponseEntity.ok(emitter);
    }

    private static boolean send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            return true;
        } catch (IOException | IllegalStateException e) {
            return false; // the viewer left; the follow stops
        }
    }

    private static long skip(String lastEventId) {
        try {
            return lastEventId == null ? 0 : Math.max(0, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
