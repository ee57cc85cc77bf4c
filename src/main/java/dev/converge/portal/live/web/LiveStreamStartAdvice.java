package dev.converge.portal.live.web;

import dev.converge.portal.live.SseHub;
import dev.converge.portal.shared.web.ViewHandlers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Adds {@code liveStream} ({@link LiveStreamStart}) to every view's model: the live stream's newest event before the
 * handler reads its data (an advice's model attributes are resolved before the handler runs). A live page connects
 * with {@code liveStream.url(topics)}, so a change between the read and the stream's connection (a build that ran
 * and ended while the page loaded) is replayed, not lost. Without a hub (a feature's web slice) or for JSON and
 * streams, the stream starts from now.
 */
@ControllerAdvice
class LiveStreamStartAdvice {

    private final ObjectProvider<SseHub> hub;

    LiveStreamStartAdvice(ObjectProvider<SseHub> hub) {
        this.hub = hub;
    }

    @ModelAttribute("liveStream")
    LiveStreamStart liveStream(HttpServletRequest request) {
        var sse = ViewHandlers.rendersView(request) ? hub.getIfAvailable() : null;
        return new LiveStreamStart(sse == null ? null : sse.lastEventId());
    }
}
