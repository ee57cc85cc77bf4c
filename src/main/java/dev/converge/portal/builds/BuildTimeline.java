package dev.converge.portal.builds;

import java.time.Instant;

/** One step of a build's life: created, scheduled, started, finished; with the reason when there is one. */
public record BuildTimeline(String step, Instant at, String reason) {
}
