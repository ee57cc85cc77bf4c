package dev.converge.portal.live.web;

import java.io.IOException;
import java.net.URI;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.LiveFormat;
import dev.converge.portal.live.LiveSubscription;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.live.SseHub;
import dev.converge.portal.live.UnknownLiveTopic;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.ServletStreamSink;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one live stream of the portal. Browsers reconnect with the {@code Last-Event-ID} header; the
 * {@code lastEventId} parameter serves clients that open a new connection instead (the htmx extension after an
 * error).
 */
@RestController
class SseStreamController {

    private final SseHub hub;
    private final long timeoutMillis;

    SseStreamController(SseHub hub, PortalProperties properties) {
        this.hub = hub;
        this.timeoutMillis = properties.sse().timeout().toMillis();
    }

    /** Answers by itself (the response parameter): the stream stays open after this returns. */
    @GetMapping("/sse/stream")
    void stream(@RequestParam(required = false) String topics,
                @RequestParam(required = false) String format,
                @RequestParam(required = false) String lastEventId,
                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                CurrentUser user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        var subscription = new LiveSubscription(user, LiveTopic.parse(topics),
                LiveFormat.of(format), lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
        hub.connect(subscription, ServletStreamSink.open(request, response, timeoutMillis));
    }

    /** Named explicitly as problem+json: the client asked for an event stream, which an error cannot be. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknownTopic(UnknownLiveTopic ex) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Unknown live topic");
        problem.setType(URI.create("urn:converge:problem:unknown-live-topic"));
        problem.setProperty("validTopics", ex.valid());
        return ResponseEntity.badRequest()
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .body(problem);
    }
}
