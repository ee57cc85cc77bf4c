package dev.converge.portal.experiments;

import java.util.regex.Pattern;

/** A deployment named by a run's {@code converge.dev/deployment} tag or asked for in a URL. */
public record DeploymentLink(String namespace, String name) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Null when the text is no {@code <namespace>/<name>} of two DNS labels. */
    public static DeploymentLink parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        var namespace = text.substring(0, slash);
        var name = text.substring(slash + 1);
        return DNS_LABEL.matcher(namespace).matches() && DNS_LABEL.matcher(name).matches()
                ? new DeploymentLink(namespace, name) : null;
    }

    public String reference() {
        return namespace + "/" + name;
    }
}
