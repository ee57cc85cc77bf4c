package dev.converge.portal.cost;

import java.time.Instant;

/** A deployment's usage at one moment: how many pods ran and what one of them used on average. */
public record UsageSample(String namespace, String deployment, Instant at, int pods, long cpuMillis,
                          long memoryBytes) {
}
