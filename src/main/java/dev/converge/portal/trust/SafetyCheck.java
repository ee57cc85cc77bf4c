package dev.converge.portal.trust;

import java.util.ArrayList;

/**
 * Safety, from the pod template as declared: every container runs as non-root without privilege escalation, not
 * privileged, with CPU and memory limits; the pod uses no host path and not the host's network.
 */
final class SafetyCheck {

    private SafetyCheck() {
    }

    static Verdict check(TrustSubject subject) {
        var workload = subject.workload();
        if (workload == null || workload.template() == null) {
            return Verdict.notApplicable("trust.safety.na.noWorkload");
        }
        var template = workload.template();
        var problems = new ArrayList<Verdict.Line>();
        if (template.hostNetwork()) {
            problems.add(new Verdict.Line("trust.safety.problem.hostNetwork"));
        }
        template.hostPathVolumes().forEach(volume -> problems.add(new Verdict.Line("trust.safety.problem.hostPath",
                volume)));
        for (var container : template.containers()) {
            if (!Boolean.TRUE.equals(container.runAsNonRoot())) {
                problems.add(new Verdict.Line("trust.safety.problem.root", container.name()));
            }
            if (container.privileged()) {
                problems.add(new Verdict.Line("trust.safety.problem.privileged", container.name()));
            }
            if (!Boolean.FALSE.equals(container.allowPrivilegeEscalation())) {
                problems.add(new Verdict.Line("trust.safety.problem.escalation", container.name()));
            }
            if (!container.cpuLimit() || !container.memoryLimit()) {
                problems.add(new Verdict.Line("trust.safety.problem.limits", container.name()));
            }
        }
        if (problems.isEmpty()) {
            return Verdict.pass(null, "trust.safety.pass", template.containers().size());
        }
        return new Verdict(SignalStatus.FAIL, new Verdict.Line("trust.safety.fail", problems.size()),
                subject.path(), problems);
    }
}
