package dev.converge.portal.trust;

import java.util.List;

/**
 * What a check decided, still as message keys: {@link TrustScorer} turns it into words. {@code fix} is the portal
 * path where the cause is fixed; {@code evidence} the facts the decision rests on.
 */
record Verdict(SignalStatus status, Line reason, String fix, List<Line> evidence) {

    /** One sentence as a message key of {@code messages-trust.properties} and its arguments. */
    record Line(String code, Object... args) {
    }

    Verdict {
        evidence = List.copyOf(evidence);
    }

    static Verdict pass(String fix, String code, Object... args) {
        return new Verdict(SignalStatus.PASS, new Line(code, args), fix, List.of());
    }

    static Verdict fail(String fix, String code, Object... args) {
        return new Verdict(SignalStatus.FAIL, new Line(code, args), fix, List.of());
    }

    static Verdict notApplicable(String code, Object... args) {
        return new Verdict(SignalStatus.NA, new Line(code, args), null, List.of());
    }

    Verdict withEvidence(List<Line> lines) {
        return new Verdict(status, reason, fix, lines);
    }
}
