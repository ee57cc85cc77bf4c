package dev.converge.portal.deployments;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference ({@code [registry[:port]/]path[:tag][@sha256:digest]}), checked with the grammar of
 * the distribution project's reference package, so a typo is caught by the form rather than by a pod stuck in
 * ImagePullBackOff.
 */
record ImageReference(String name, String tag, String digest) {

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
    private static final Pattern REFERENCE = Pattern.compile("^((?:" + DOMAIN + "/)?" + COMPONENT
            + "(?:/" + COMPONENT + ")*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$");

    public static Optional<ImageReference> parse(String text) {
        if (text == null || text.length() > 255) {
            return Optional.empty();
        }
        var matcher = REFERENCE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ImageReference(matcher.group(1), matcher.group(2), matcher.group(3)));
    }

    /** Pinned by digest: the exact bytes that were built and checked run, whatever happens to the tag. */
    public boolean digestPinned() {
        return digest != null;
    }

    /** A short form for lists: the last path part with the tag, and the digest's first 12 characters. */
    public String shortForm() {
        var last = name.substring(name.lastIndexOf('/') + 1);
        var text = tag == null ? last : last + ":" + tag;
        return digest == null ? text : text + "@" + digest.substring(0, Math.min(digest.length(), 19));
    }
}
