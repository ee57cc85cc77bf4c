package dev.converge.portal.live.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a live page's stream starts: the hub's newest event before the handler read the page's data, or null
 * (no hub, or a JSON or stream handler). A page connects with {@code sse-connect=@{${liveStream.url('topics')}}},
 * so a change made between the read and the connection is replayed, not lost.
 */
public record LiveStreamStart(String lastEventId) {

    /** The stream's path for these topics (context-relative, for a Thymeleaf {@code @{…}} link). */
    public String url(String topics) {
        var url = "/sse/stream?topics=" + encode(topics);
        return lastEventId == null ? url : url + "&lastEventId=" + encode(lastEventId);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
