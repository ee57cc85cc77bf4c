package dev.converge.portal.sandbox.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A request as the pod receives it through the service proxy.
 *
 * @param method  the HTTP method, upper case
 * @param path    the path after {@code /proxy} (at least {@code /}), still percent-encoded
 * @param query   the query string without {@code ?}, or empty
 * @param headers the request's headers, names in lower case (the first value of each)
 * @param body    the whole body (empty when none)
 */
public record ProxiedRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {

    public ProxiedRequest {
        headers = Map.copyOf(headers);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
