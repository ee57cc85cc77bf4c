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
 * and its latest metric values. MLflow tells no one about a new run or metric, so the periodic rescoring
 * ({@code portal.trust.recompute-interval}) is what picks one up: the answer is remembered per deployment for half
 * that interval (at most {@link #FRESH}), so the informer events in between do not search MLflow again, and every
 * periodic rescoring does.
 */
@Component
class MlflowQualityEvidence implements QualityEvidence {

    static final Duration FRESH = Duration.ofSeconds(30);

    private record Remembered(Optional<QualityReport> report, Instant at) {
    }

    private final ObjectProvider<RunViews> runs;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final Duration fresh;

    MlflowQualityEvidence(ObjectProvider<RunViews> runs, Clock clock) {
        this(runs, clock, TrustSettings.defaults());
    }

    @org.springframework.beans.factory.annotation.Autowired
    MlflowQualityEvidence(ObjectProvider<RunViews> runs, Clock clock, TrustSettings settings) {
        this.runs = runs;
        this.clock = clock;
        var half = settings.recomputeInterval().dividedBy(2);
        this.fresh = half.compareTo(FRESH) < 0 ? half : FRESH;
    }

    @Override
    public boolean covers(TrustSubject subject) {
        return TrustSubject.DEPLOYMENT.equals(subject.kind()) && runs.getIfAvailable() != null;
    }

    @Override
    public Optional<QualityReport> report(TrustSubject subject) {
        var now = clock.instant();
        var known = remembered.get(subject.key());
        if (known != null && known.at().plus(fresh).isAfter(now)) {
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
