package dev.converge.portal.platform.openai;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.SSLUtils;

/**
 * The OpenAI base URL of a model served by a Kubernetes Service: its cluster DNS name when the portal runs inside
 * the cluster ({@link Access#DIRECT}), or the API server's service proxy
 * ({@code {master}/api/v1/namespaces/{ns}/services/{name}:{port}/proxy/v1}, the path {@code kubectl proxy} uses)
 * with the cluster client's credentials and TLS settings when it runs outside ({@link Access#API_PROXY}).
 */
public final class ServiceEndpoints {

    public enum Access { DIRECT, API_PROXY }

    private final Config config;
    private final Access access;
    private volatile SSLContext ssl;

    public ServiceEndpoints(KubernetesClient client, Access access) {
        this.config = client.getConfiguration();
        this.access = access;
    }

    public Access access() {
        return access;
    }

    /** {@code auto}: direct inside a cluster (a pod has {@code KUBERNETES_SERVICE_HOST}), else through the proxy. */
    public static Access resolve(String setting, Map<String, String> environment) {
        return switch (setting == null ? "auto" : setting.strip().toLowerCase()) {
            case "direct" -> Access.DIRECT;
            case "api-proxy" -> Access.API_PROXY;
            default -> environment.getOrDefault("KUBERNETES_SERVICE_HOST", "").isBlank() ? Access.API_PROXY
                    : Access.DIRECT;
        };
    }

    public OpenAiEndpoint service(String namespace, String service, int port) {
        if (access == Access.DIRECT) {
            return new OpenAiEndpoint(URI.create("http://" + service + "." + namespace + ".svc:" + port + "/v1"),
                    Map::of, null);
        }
        var master = config.getMasterUrl().replaceAll("/+$", "");
        var base = URI.create(master + "/api/v1/namespaces/" + namespace + "/services/" + service + ":" + port
                + "/proxy/v1");
        return new OpenAiEndpoint(base, this::clusterAuthorization, "https".equals(base.getScheme()) ? ssl() : null);
    }

    /** The credentials the cluster client uses, read on each request so a refreshed token is taken. */
    private Map<String, String> clusterAuthorization() {
        String token = null;
        if (config.getOauthTokenProvider() != null) {
            token = config.getOauthTokenProvider().getToken();
        }
        if (token == null || token.isBlank()) {
            token = config.getAutoOAuthToken();
        }
        if (token == null || token.isBlank()) {
            token = config.getOauthToken();
        }
        if (token != null && !token.isBlank()) {
            return Map.of("Authorization", "Bearer " + token);
        }
        if (config.getUsername() != null && config.getPassword() != null) {
            var basic = Base64.getEncoder().encodeToString((config.getUsername() + ":" + config.getPassword())
                    .getBytes(StandardCharsets.UTF_8));
            return Map.of("Authorization", "Basic " + basic);
        }
        return Map.of();
    }

    private SSLContext ssl() {
        if (ssl == null) {
            try {
                ssl = SSLUtils.sslContext(config);
            } catch (Exception e) {
                throw new OpenAiException(OpenAiException.Kind.UNREACHABLE, 0,
                        "the cluster's TLS settings could not be read", e);
            }
        }
        return ssl;
    }
}
