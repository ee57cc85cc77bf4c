package dev.converge.portal.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;

/** Availability: ready = desired replicas, no container restarted within the window, no failing probe. */
final class AvailabilityCheck {

    private AvailabilityCheck() {
    }

    static Verdict check(TrustSubject subject, Instant now, Duration window) {
        var workload = subject.workload();
        if (workload == null) {
            return Verdict.notApplicable("trust.availability.na.noWorkload");
        }
        var fix = subject.path();
        var evidence = new ArrayList<Verdict.Line>();
        evidence.add(new Verdict.Line("trust.availability.evidence.replicas", workload.ready(), workload.desired()));
        if (workload.desired() == 0) {
            return Verdict.notApplicable("trust.availability.na.scaledToZero").withEvidence(evidence);
        }
        Verdict failed = null;
        if (workload.ready() < workload.desired()) {
            failed = Verdict.fail(fix, "trust.availability.fail.notReady", workload.ready(), workload.desired());
        }
        for (var pod : workload.pods()) {
            for (var container : pod.containers()) {
                if (container.restarts() > 0 && (container.lastRestartAt() == null
                        || container.lastRestartAt().isAfter(now.minus(window)))) {
                    evidence.add(new Verdict.Line("trust.availability.evidence.restarts", container.name(),
                            pod.name(), container.restarts()));
                    if (failed == null) {
                        failed = Verdict.fail(fix, "trust.availability.fail.restarts", container.name(), pod.name(),
                                container.restarts(), window.toMinutes());
                    }
                }
                if ("Running".equals(pod.phase()) && container.running() && !container.ready()) {
                    evidence.add(new Verdict.Line("trust.availability.evidence.probe", container.name(), pod.name()));
                    if (failed == null) {
                        failed = Verdict.fail(fix, "trust.availability.fail.probe", container.name(), pod.name());
                    }
                }
            }
        }
        return (failed != null ? failed : Verdict.pass(null, "trust.availability.pass", workload.ready(),
                workload.desired(), window.toMinutes())).withEvidence(evidence);
    }
}
