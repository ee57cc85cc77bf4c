package dev.converge.portal.platform.kubernetes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpResponse;
import org.springframework.stereotype.Component;

/**
 * HTTP calls to a Service inside the cluster through the API server's service proxy
 * ({@code /api/v1/namespaces/{ns}/services/{name}:{port}/proxy/...}), with the portal's own credentials: the portal
 * reaches in-cluster services without being in the cluster's network.
 */
@Component
public class ServiceProxy implements AutoCloseable {

    /** What the service answered (the proxy passes its status and body through). */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The service did not answer: no such service, no ready pod, the proxy refused or the call timed out. */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KubernetesClient client;

    /**
     * A client of its own without retries: the shared client retries 5xx answers with backoff, but a runtime's 503
     * ("not ready yet") is an answer, and a proxy error should be reported at once.
     */
    public ServiceProxy(KubernetesClient shared) {
        this.client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(shared.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    @Override
    public void close() {
        client.close();
    }

    public Response get(String namespace, String service, int port, String path, Duration timeout) {
        return send(namespace, service, port, path, null, timeout);
    }

    public Response postJson(String namespace, String service, int port, String path, String json,
                             Duration timeout) {
        return send(namespace, service, port, path, json, timeout);
    }

    /** The proxy URL of a path on a service, as the API server serves it. */
    public String url(String namespace, String service, int port, String path) {
        var master = client.getMasterUrl().toString();
        return (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + encode(namespace)
                + "/services/" + encode(service) + ":" + port + "/proxy" + (path.startsWith("/") ? path : "/" + path);
    }

    private Response send(String namespace, String service, int port, String path, String json, Duration timeout) {
        var http = client.getHttpClient();
        var request = http.newHttpRequestBuilder().uri(url(namespace, service, port, path))
                .header("Accept", "application/json");
        if (json != null) {
            request.post("application/json", json.getBytes(StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.sendAsync(request.build(), String.class)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.code(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        } catch (ExecutionException e) {
            var cause = e.getCause() == null ? e : e.getCause();
            throw new Unreachable(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName(),
                    cause);
        } catch (TimeoutException e) {
            throw new Unreachable("no answer within " + timeout.toSeconds() + " s", e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
