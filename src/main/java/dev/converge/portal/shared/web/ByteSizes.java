package dev.converge.portal.shared.web;

import java.util.Locale;

/**
 * Byte counts as people read them: binary units (as Kubernetes quantities and the upload limit are written) with
 * one decimal, "2.0 MiB". Pages show the exact count beside it on hover ({@code size.exact} in messages).
 */
public final class ByteSizes {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {
    }

    /** {@code 2097152} → {@code "2.0 MiB"}; below 1 KiB in bytes; empty for an unknown (negative) size. */
    public static String readable(long bytes) {
        if (bytes < 0) {
            return "";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
