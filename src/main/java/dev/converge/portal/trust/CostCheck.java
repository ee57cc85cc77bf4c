package dev.converge.portal.trust;

import java.util.List;
import java.util.Optional;

/** Cost: the subject's monthly run-rate stays within its team's budget share. */
final class CostCheck {

    private CostCheck() {
    }

    /** {@code report} is null when no cost source covers the subject. */
    static Verdict check(TrustSubject subject, Optional<CostReport> report) {
        if (report == null) {
            return Verdict.notApplicable("trust.cost.na.noSource");
        }
        if (report.isEmpty()) {
            return Verdict.notApplicable("trust.cost.na.noFigures", subject.namespace());
        }
        var cost = report.get();
        var rate = String.format(java.util.Locale.ROOT, "%.2f %s", cost.monthlyRunRate(), cost.currency());
        var share = String.format(java.util.Locale.ROOT, "%.2f %s", cost.budgetShare(), cost.currency());
        var evidence = List.of(new Verdict.Line("trust.cost.evidence", rate, share));
        var fix = cost.link() != null ? cost.link() : "/cost";
        return (cost.monthlyRunRate() <= cost.budgetShare() ? Verdict.pass(fix, "trust.cost.pass", rate, share)
                : Verdict.fail(fix, "trust.cost.fail", rate, share)).withEvidence(evidence);
    }
}
