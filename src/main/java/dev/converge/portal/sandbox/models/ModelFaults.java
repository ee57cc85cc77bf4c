package dev.converge.portal.sandbox.models;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Faults a sandbox model server injects, read from its deployment's container env: {@code SANDBOX_MODEL_LATENCY_MS}
 * (wait before the first token, or before the answer), {@code SANDBOX_MODEL_FAIL_AFTER_TOKENS} (cut the connection
 * after that many tokens), {@code SANDBOX_MODEL_STATUS} (answer chat completions with that HTTP status, 400-599, and
 * an OpenAI error body). Values that are not such numbers are ignored.
 */
record ModelFaults(Duration latency, OptionalInt failAfterTokens, OptionalInt status) {

    static final String LATENCY = "SANDBOX_MODEL_LATENCY_MS";
    static final String FAIL_AFTER_TOKENS = "SANDBOX_MODEL_FAIL_AFTER_TOKENS";
    static final String STATUS = "SANDBOX_MODEL_STATUS";
    private static final long MAX_LATENCY_MS = 600_000;

    static ModelFaults from(Map<String, String> env) {
        var latency = number(env.get(LATENCY), 0, MAX_LATENCY_MS);
        var failAfter = number(env.get(FAIL_AFTER_TOKENS), 0, Integer.MAX_VALUE);
        var status = number(env.get(STATUS), 400, 599);
        return new ModelFaults(Duration.ofMillis(latency == null ? 0 : latency),
                failAfter == null ? OptionalInt.empty() : OptionalInt.of(failAfter.intValue()),
                status == null ? OptionalInt.empty() : OptionalInt.of(status.intValue()));
    }

    private static Long number(String value, long min, long max) {
        if (value == null) {
            return null;
        }
        try {
            var parsed = Long.parseLong(value.strip());
            return parsed < min || parsed > max ? null : parsed;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
