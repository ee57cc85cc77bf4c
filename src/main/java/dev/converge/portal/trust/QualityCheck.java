package dev.converge.portal.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Quality: the latest linked evidence (an MLflow run; for RAG, the indexing) meets every threshold of the team's
 * policy and reports no problem. Not applicable without a source or without linked evidence.
 */
final class QualityCheck {

    private QualityCheck() {
    }

    /** {@code report} is null when no quality source covers the subject. */
    static Verdict check(TrustSubject subject, TrustPolicy policy, Optional<QualityReport> report) {
        if (report == null) {
            return Verdict.notApplicable("trust.quality.na.noSource");
        }
        if (report.isEmpty()) {
            return Verdict.notApplicable("trust.quality.na.noRun", subject.namespace() + "/" + subject.name());
        }
        var found = report.get();
        var fix = found.link() != null ? found.link() : "/experiments";
        var evidence = new ArrayList<Verdict.Line>();
        evidence.add(new Verdict.Line("trust.quality.evidence.source", found.source()));
        found.metrics().forEach((metric, value) -> evidence.add(new Verdict.Line("trust.quality.evidence.metric",
                metric, value)));
        found.problems().forEach(problem -> evidence.add(new Verdict.Line("trust.quality.evidence.problem",
                problem)));
        Verdict failed = null;
        if (!found.problems().isEmpty()) {
            failed = Verdict.fail(fix, "trust.quality.fail.problems", found.problems().size(), found.problems().get(0));
        }
        // a RAG model's quality is its indexing: the metric thresholds are for models evaluated in MLflow
        var thresholds = TrustSubject.RAG.equals(subject.kind()) ? List.<Threshold>of() : policy.thresholds();
        for (var threshold : thresholds) {
            var value = found.metrics().get(threshold.metric());
            if (value == null) {
                evidence.add(new Verdict.Line("trust.quality.evidence.missing", threshold.metric()));
                if (failed == null) {
                    failed = Verdict.fail(fix, "trust.quality.fail.missing", threshold.metric(), found.source());
                }
            } else if (!threshold.metBy(value)) {
                if (failed == null) {
                    failed = Verdict.fail(fix, "trust.quality.fail.threshold", threshold.metric(), value,
                            threshold.toString());
                }
            }
        }
        if (failed == null && TrustSubject.RAG.equals(subject.kind())) {
            return Verdict.pass(fix, "trust.quality.pass.rag", found.source()).withEvidence(evidence);
        }
        return (failed != null ? failed : Verdict.pass(fix, "trust.quality.pass", found.source(),
                thresholds.size())).withEvidence(evidence);
    }
}
