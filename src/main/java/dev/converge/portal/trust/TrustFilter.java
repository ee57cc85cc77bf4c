package dev.converge.portal.trust;

import java.util.List;

/**
 * What the grid asks for; every field may be blank. {@code score} is one of {@link #SCORES}: {@code below} (under
 * the team's minimum), {@code partial} (some signal fails) or {@code full}; {@code failing} names a signal.
 */
public record TrustFilter(String team, String namespace, String score, String failing) {

    public static final List<String> SCORES = List.of("below", "partial", "full");

    /** Whether it leaves some scorecards out: an empty grid then says "no match", not "none yet". */
    public boolean narrowed() {
        return given(team) || given(namespace) || given(score) || given(failing);
    }

    static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
