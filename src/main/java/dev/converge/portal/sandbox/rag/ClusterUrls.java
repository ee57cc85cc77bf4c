package dev.converge.portal.sandbox.rag;

import java.util.regex.Pattern;

import dev.converge.portal.platform.kubernetes.ServiceProxy;

/**
 * Makes a URL a RagModel's pod would use inside a cluster reachable from the portal's process: a Service's cluster
 * DNS name ({@code http://<service>.<namespace>.svc[.cluster.local][:port]/path}) becomes the sandbox API server's
 * service proxy URL of that path; any other URL stays as it is.
 */
final class ClusterUrls {

    private static final Pattern SERVICE_URL = Pattern.compile(
            "^https?://([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.svc(\\.[a-z0-9.-]+)?"
                    + "(:(\\d{1,5}))?(/.*)?$");

    private final ServiceProxy proxy;

    ClusterUrls(ServiceProxy proxy) {
        this.proxy = proxy;
    }

    String reachable(String url) {
        if (url == null) {
            return null;
        }
        var match = SERVICE_URL.matcher(url.strip());
        if (!match.matches()) {
            return url;
        }
        var port = match.group(7) == null ? (url.startsWith("https") ? 443 : 80) : Integer.parseInt(match.group(7));
        var path = match.group(8) == null ? "/" : match.group(8);
        var proxied = proxy.url(match.group(3), match.group(1), port, path);
        // the proxy URL ends in /proxy when the path was "/": keep the caller's form
        return path.equals("/") && !url.endsWith("/") ? proxied.substring(0, proxied.length() - 1) : proxied;
    }
}
