package dev.converge.portal.platform.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

class ServiceEndpointsTests {

    @Test
    void autoIsDirectInsideAClusterAndThroughTheProxyOutside() {
        assertThat(ServiceEndpoints.resolve("auto", Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")))
                .isEqualTo(ServiceEndpoints.Access.DIRECT);
        assertThat(ServiceEndpoints.resolve("auto", Map.of())).isEqualTo(ServiceEndpoints.Access.API_PROXY);
        assertThat(ServiceEndpoints.resolve("direct", Map.of())).isEqualTo(ServiceEndpoints.Access.DIRECT);
        assertThat(ServiceEndpoints.resolve("api-proxy", Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")))
                .isEqualTo(ServiceEndpoints.Access.API_PROXY);
    }

    @Test
    void theProxyPathIsTheOneKubectlProxyUsesWithTheClustersToken() {
        var config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:6443/").withOauthToken("cluster-token")
                .build();
        try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
            var endpoint = new ServiceEndpoints(client, ServiceEndpoints.Access.API_PROXY).service("vision", "llm",
                    8080);
            assertThat(endpoint.baseUrl()).hasToString(
                    "http://127.0.0.1:6443/api/v1/namespaces/vision/services/llm:8080/proxy/v1");
            assertThat(endpoint.headers().get()).containsEntry("Authorization", "Bearer cluster-token");
            assertThat(endpoint.toString()).doesNotContain("cluster-token");

            var direct = new ServiceEndpoints(client, ServiceEndpoints.Access.DIRECT).service("vision", "llm", 8000);
            assertThat(direct.baseUrl()).hasToString("http://llm.vision.svc:8000/v1");
            assertThat(direct.headers().get()).isEmpty();
        }
    }
}
