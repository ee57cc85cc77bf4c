package dev.converge.portal.trust;

import java.time.Instant;

/** One recorded score of a scorecard's history (null: no signal applied), for the detail's trend. */
public record ScorePoint(Instant at, Double score, boolean belowMinimum, String failing) {
}
