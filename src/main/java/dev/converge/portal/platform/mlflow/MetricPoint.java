package dev.converge.portal.platform.mlflow;

/** One logged value of a metric: its step, when it was logged (epoch milliseconds) and the value. */
public record MetricPoint(long step, long timestamp, double value) {
}
