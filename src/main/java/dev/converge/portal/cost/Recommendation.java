package dev.converge.portal.cost;

import java.util.List;

/**
 * One piece of advice for a deployment with its estimated monthly saving. {@code current} and {@code suggested} are
 * the values compared (as text, e.g. "2" → "250m"); {@code action} is the path of the prefilled form that makes the
 * change — it is never made without the user saving that form.
 */
public record Recommendation(Kind kind, String namespace, String deployment, double monthlySaving, String current,
                             String suggested, String action) {

    public enum Kind {
        RIGHT_SIZE_CPU, RIGHT_SIZE_MEMORY, IDLE_GPU, OVER_REPLICATION, CHEAPER_ZONE, SPOT, SCALE_TO_ZERO;

        /** The message key part: {@code cost.recommendation.<key>}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    static final List<Kind> ALL = List.of(Kind.values());
}
