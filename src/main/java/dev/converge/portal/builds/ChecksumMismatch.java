package dev.converge.portal.builds;

import dev.converge.portal.shared.web.Conflict;

/** The artifact's recorded SHA-256 is not the one the build asked for; no pod is created. */
final class ChecksumMismatch extends Conflict {

    private ChecksumMismatch(String key, String expected, String recorded) {
        super("builds.error.sha256", key, expected, recorded);
    }

    static ChecksumMismatch of(String key, String expected, String recorded) {
        return new ChecksumMismatch(key, expected, recorded);
    }
}
