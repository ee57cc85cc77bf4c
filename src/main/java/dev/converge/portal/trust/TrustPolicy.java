package dev.converge.portal.trust;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A team's trust policy: the signals its score counts (the others show as not applicable), the metric thresholds
 * of the quality signal, the minimum score, below which its scorecards raise an alert, and the share (0..1] of the
 * team's monthly budget one subject's run-rate may take before the cost signal fails.
 */
public record TrustPolicy(Set<Signal> signals, List<Threshold> thresholds, double minimum, double budgetShare) {

    public TrustPolicy {
        signals = signals.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(signals);
        thresholds = List.copyOf(thresholds);
    }

    public boolean requires(Signal signal) {
        return signals.contains(signal);
    }
}
