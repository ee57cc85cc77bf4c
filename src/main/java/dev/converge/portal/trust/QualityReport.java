package dev.converge.portal.trust;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a quality source found for a subject: {@code source} names it in words ("MLflow run 3f2a… of experiment
 * fraud", "registered model fraud v4"), {@code link} is where to look (a portal path), {@code metrics} are checked
 * against the team policy's thresholds, and {@code problems} (e.g. "12 documents failed to index") fail the signal
 * on their own.
 */
public record QualityReport(String source, String link, Instant at, Map<String, Double> metrics,
                            List<String> problems) {

    public QualityReport {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
