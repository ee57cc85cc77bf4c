package dev.converge.portal.trust;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.experiments.RunViews;
import dev.converge.portal.platform.mlflow.MlflowRun;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The quality evidence of a deployment: the latest MLflow run tagged {@code converge.dev/deployment=<ns>/<name>}
 * and its latest metric values. Remembered for {@link #FRESH} per deployment, so the periodic rescoring of every
 * scorecard does not search MLflow once per deployment each time (a newly logged run shows within that time).
 */
@Component
class MlflowQualityEvidence implements QualityEvidence {

    static final Duration FRESH = Duration.ofSeconds(30);

    private record Remembered(Optional<QualityReport> report, Instant at) {
    }

    private final ObjectProvider<RunViews> runs;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    MlflowQualityEvidence(ObjectProvider<RunViews> runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public boolean covers(TrustSubject subject) {
        return TrustSubject.DEPLOYMENT.equals(subject.kind()) && runs.getIfAvailable() != null;
    }

    @Override
    public Optional<QualityReport> report(TrustSubject subject) {
        var now = clock.instant();
        var known = remembered.get(subject.key());
        if (known != null && known.at().plus(FRESH).isAfter(now)) {
            return known.report();
        }
        var report = runs.getObject().latestRunForDeployment(subject.namespace(), subject.name())
                .map(MlflowQualityEvidence::report);
        remembered.put(subject.key(), new Remembered(report, now));
        return report;
    }

    private static QualityReport report(MlflowRun run) {
        var metrics = new LinkedHashMap<String, Double>();
        run.metrics().forEach((key, metric) -> metrics.put(key, metric.value()));
        var label = "MLflow run " + (run.name() == null || run.name().isBlank() ? run.id() : run.name() + " (" + run.id()
                + ")");
        return new QualityReport(label, "/mlflow/runs/" + run.id(), run.endedAt() != null ? run.endedAt()
                : run.startedAt(), metrics, List.of());
    }
}
