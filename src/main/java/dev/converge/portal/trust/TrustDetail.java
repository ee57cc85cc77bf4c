package dev.converge.portal.trust;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A scorecard with its evidence and chain, and its recorded score changes, oldest first. */
public record TrustDetail(@JsonUnwrapped Scorecard card, List<ScorePoint> history) {

    /** The history for the trend chart's data attribute: times and numbers only, nothing a user wrote. */
    public String historyJson() {
        return history.stream().map(point -> "{\"t\":\"" + point.at() + "\",\"s\":"
                + (point.score() == null ? "null" : point.score()) + "}")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
