package dev.converge.portal.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The per-user limits of {@code portal.chat.*}: the size of a message (413), requests per user in any minute (429
 * with when to retry) and answers streaming at once (429). Counted in memory: each portal replica counts its own.
 */
@Component
class ChatLimits {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final ChatProperties properties;
    private final Clock clock;
    private final Map<String, ArrayDeque<Instant>> recent = new ConcurrentHashMap<>();

    ChatLimits(ChatProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    void checkSize(String message) {
        if (message != null && message.length() > properties.maxMessageChars()) {
            throw ChatLimitExceeded.messageTooLarge(message.length(), properties.maxMessageChars());
        }
    }

    /** Counts a request against the user's minute, or refuses it while the user is over the limit. */
    void admit(String user, int streamingNow) {
        if (streamingNow >= properties.concurrentStreams()) {
            throw ChatLimitExceeded.tooManyStreams(properties.concurrentStreams());
        }
        var now = Instant.now(clock);
        var times = recent.computeIfAbsent(user, u -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= properties.requestsPerMinute()) {
                var wait = Duration.between(now, times.peekFirst().plus(WINDOW));
                throw ChatLimitExceeded.tooManyRequests(properties.requestsPerMinute(),
                        wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait.plusMillis(999)
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            }
            times.addLast(now);
        }
    }
}
