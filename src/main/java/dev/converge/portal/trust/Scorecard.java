package dev.converge.portal.trust;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A subject's trust scorecard: {@code score} = passed / applicable signals (null when none applies), the team's
 * {@code minimum}, every signal in words, and the provenance {@code chain}. The list shows it without evidence or
 * chain; the detail with both.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Scorecard(String namespace, String name, String kind, String team, Double score, double minimum,
                        int passed, int applicable, List<SignalResult> signals, List<ChainLink> chain,
                        Instant computedAt) {

    public Scorecard {
        signals = List.copyOf(signals);
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    @JsonIgnore
    public String key() {
        return kind + "/" + namespace + "/" + name;
    }

    /** Below its team's minimum: raises an alert. */
    @JsonIgnore
    public boolean belowMinimum() {
        return score != null && score < minimum;
    }

    @JsonIgnore
    public boolean full() {
        return score != null && score >= 1.0;
    }

    @JsonIgnore
    public int percent() {
        return score == null ? 0 : (int) Math.round(score * 100);
    }

    @JsonIgnore
    public List<String> failing() {
        return signals.stream().filter(SignalResult::failed).map(SignalResult::name).toList();
    }

    public boolean fails(String signal) {
        return failing().contains(signal);
    }

    /** The SSE event and element id of its card: {@code trust-<kind>-<ns>-<name>}. */
    @JsonIgnore
    public String eventName() {
        return "trust-" + kind + "-" + namespace + "-" + name;
    }

    /** Its detail page; a RAG model's names its kind, so one named like a deployment is reached too. */
    @JsonIgnore
    public String path() {
        return "/trust/" + namespace + "/" + name + (TrustSubject.RAG.equals(kind) ? "?kind=" + kind : "");
    }

    @JsonIgnore
    public String detailEventName() {
        return "trust-detail-" + kind + "-" + namespace + "-" + name;
    }

    /** The same scorecard as far as a reader can tell (the time it was computed aside). */
    boolean sameAs(Scorecard other) {
        return other != null && java.util.Objects.equals(score, other.score) && minimum == other.minimum
                && signals.equals(other.signals) && chain.equals(other.chain);
    }

    /** The list's form: signals without evidence, no chain. */
    Scorecard summary() {
        return new Scorecard(namespace, name, kind, team, score, minimum, passed, applicable,
                signals.stream().map(SignalResult::withoutEvidence).toList(), List.of(), computedAt);
    }

    Map<String, Object> data() {
        var data = new LinkedHashMap<String, Object>();
        data.put("namespace", namespace);
        data.put("name", name);
        data.put("kind", kind);
        data.put("score", score == null ? "na" : score);
        data.put("minimum", minimum);
        data.put("failing", failing());
        return data;
    }
}
