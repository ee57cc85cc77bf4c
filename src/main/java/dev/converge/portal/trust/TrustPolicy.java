package dev.converge.portal.trust;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A team's trust policy: the signals its score counts (the others show as not applicable), the metric thresholds
 * of the quality signal and the minimum score, below which its scorecards raise an alert.
 */
public record TrustPolicy(Set<Signal> signals, List<Threshold> thresholds, double minimum) {

    public TrustPolicy {
        signals = signals.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(signals);
        thresholds = List.copyOf(thresholds);
    }

    public boolean requires(Signal signal) {
        return signals.contains(signal);
    }
}
