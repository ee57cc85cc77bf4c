package dev.converge.portal.trust;

import java.util.Locale;

/** A signal passes, fails, or does not apply (no evidence source, not required, nothing to check). */
public enum SignalStatus {
    PASS, FAIL, NA;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
