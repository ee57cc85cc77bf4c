package dev.converge.portal.trust;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One signal of a scorecard in words: {@code name} (provenance, availability, quality, safety, cost), {@code status}
 * (pass, fail, na), why, and the path where it is fixed (null when nothing is to fix). The detail adds the evidence.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SignalResult(@JsonProperty("name") String name, String status, String reason, String fix,
                           List<String> evidence) {

    public SignalResult {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public boolean passed() {
        return SignalStatus.PASS.id().equals(status);
    }

    public boolean failed() {
        return SignalStatus.FAIL.id().equals(status);
    }

    SignalResult withoutEvidence() {
        return new SignalResult(name, status, reason, fix, List.of());
    }
}
