package dev.converge.portal.chat;

import java.time.Duration;
import java.util.Map;

import dev.converge.portal.shared.web.PortalException;
import org.springframework.http.HttpStatus;

/** A limit of {@code portal.chat.*} was reached: a message too large (413) or too many requests or streams (429). */
public final class ChatLimitExceeded extends PortalException {

    private final Duration retryAfter;

    private ChatLimitExceeded(HttpStatus status, Duration retryAfter, String code, Object... args) {
        super(status, Map.of(), code, args);
        this.retryAfter = retryAfter;
    }

    static ChatLimitExceeded messageTooLarge(int length, int limit) {
        return new ChatLimitExceeded(HttpStatus.CONTENT_TOO_LARGE, null, "chat.error.limit.messageSize", length, limit);
    }

    static ChatLimitExceeded tooManyRequests(int limit, Duration retryAfter) {
        return new ChatLimitExceeded(HttpStatus.TOO_MANY_REQUESTS, retryAfter, "chat.error.limit.rate", limit,
                retryAfter.toSeconds());
    }

    static ChatLimitExceeded tooManyStreams(int limit) {
        return new ChatLimitExceeded(HttpStatus.TOO_MANY_REQUESTS, Duration.ofSeconds(5), "chat.error.limit.streams",
                limit);
    }

    /** When to try again, for {@code Retry-After}; null for a message too large. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
