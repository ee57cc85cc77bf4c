package dev.converge.portal.platform.openai;

import java.time.Duration;

/**
 * How long to wait: for the TCP (and TLS) connection, for the first token after the request is sent (the response
 * headers included), and between two chunks of a stream.
 */
public record OpenAiTimeouts(Duration connect, Duration firstToken, Duration betweenTokens) {

    public static final OpenAiTimeouts DEFAULT = new OpenAiTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
            Duration.ofSeconds(30));
}
