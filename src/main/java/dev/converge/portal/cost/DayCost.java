package dev.converge.portal.cost;

import java.time.LocalDate;

/** One day of the trend: what the day cost (its snapshot's hourly run-rate × 24) and the idle part of it. */
public record DayCost(LocalDate day, double cost, double idle) {
}
