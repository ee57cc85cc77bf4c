package dev.converge.portal.trust;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the trust dashboard, prefix {@code portal.trust}.
 *
 * @param signals           the signals a score counts unless a team says otherwise (all five)
 * @param thresholds        metric rules of the quality signal, {@code accuracy>=0.9,drift<=0.1}
 * @param minimum           the score (0..1) below which a scorecard raises an alert
 * @param teams             per team, any of {@code signals}, {@code thresholds}, {@code minimum}; unset parts
 *                          come from the defaults above
 * @param restartWindow     how far back a container restart fails availability
 * @param recomputeInterval how often every scorecard is recomputed anyway (restarts age out of the window)
 * @param historyShown      how many recorded score changes the detail's trend shows
 * @param budgetShare       the cost signal's limit: a subject's monthly run-rate passes while it is at most this
 *                          share (0..1] of its team's budget for the current month (1.0: one model may use the whole
 *                          budget; 0.25: none may use more than a quarter of it)
 */
@Validated
@ConfigurationProperties(prefix = "portal.trust")
public record TrustSettings(
        @DefaultValue({"provenance", "availability", "quality", "safety", "cost"}) List<String> signals,
        @DefaultValue({"accuracy>=0.9", "drift<=0.1"}) List<String> thresholds,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.8") double minimum,
        @Valid Map<String, TeamPolicy> teams,
        @DefaultValue("1h") Duration restartWindow,
        @DefaultValue("1m") Duration recomputeInterval,
        @DefaultValue("200") int historyShown,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") @DefaultValue("1.0") double budgetShare) {

    /** A team's overrides; null parts are inherited. */
    public record TeamPolicy(List<String> signals, List<String> thresholds,
                             @DecimalMin("0.0") @DecimalMax("1.0") Double minimum,
                             @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double budgetShare) {

        public TeamPolicy(List<String> signals, List<String> thresholds, Double minimum) {
            this(signals, thresholds, minimum, null);
        }
    }

    public TrustSettings {
        teams = teams == null ? Map.of() : Map.copyOf(teams);
        if (!(budgetShare > 0 && budgetShare <= 1)) {
            throw new IllegalArgumentException("portal.trust.budget-share must be in (0, 1], not " + budgetShare);
        }
        policy(signals, thresholds, minimum, budgetShare);
        for (var team : teams.values()) {
            policyOf(team, signals, thresholds, minimum, budgetShare);
        }
        if (restartWindow.isNegative() || restartWindow.isZero() || recomputeInterval.toMillis() < 1000) {
            throw new IllegalArgumentException("portal.trust.restart-window must be positive and "
                    + "portal.trust.recompute-interval at least 1s");
        }
    }

    public static TrustSettings defaults() {
        return new TrustSettings(List.of("provenance", "availability", "quality", "safety", "cost"),
                List.of("accuracy>=0.9", "drift<=0.1"), 0.8, Map.of(), Duration.ofHours(1), Duration.ofMinutes(1),
                200, 1.0);
    }

    /** The policy of a team (the defaults when it has none of its own). */
    public TrustPolicy policyFor(String team) {
        var own = team == null ? null : teams.get(team);
        return own == null ? policy(signals, thresholds, minimum, budgetShare)
                : policyOf(own, signals, thresholds, minimum, budgetShare);
    }

    private static TrustPolicy policyOf(TeamPolicy team, List<String> signals, List<String> thresholds,
                                        double minimum, double budgetShare) {
        var share = team.budgetShare() != null ? team.budgetShare() : budgetShare;
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("portal.trust.teams.*.budget-share must be in (0, 1], not " + share);
        }
        return policy(team.signals() != null ? team.signals() : signals,
                team.thresholds() != null ? team.thresholds() : thresholds,
                team.minimum() != null ? team.minimum() : minimum, share);
    }

    private static TrustPolicy policy(List<String> signals, List<String> thresholds, double minimum,
                                      double budgetShare) {
        var parsed = EnumSet.noneOf(Signal.class);
        for (var id : signals) {
            parsed.add(Signal.parse(id).orElseThrow(() -> new IllegalArgumentException("portal.trust signal '" + id
                    + "' is none of provenance, availability, quality, safety, cost")));
        }
        return new TrustPolicy(parsed, thresholds.stream().filter(rule -> !rule.isBlank()).map(Threshold::parse)
                .toList(), minimum, budgetShare);
    }
}
