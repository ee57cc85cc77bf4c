package dev.converge.portal.sandbox.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.portal.platform.kubernetes.ServiceProxy;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterUrlsTests {

    private final ServiceProxy proxy = new ServiceProxy(new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl("http://127.0.0.1:6443/").build()).build());
    private final ClusterUrls urls = new ClusterUrls(proxy);

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void aServicesClusterNameBecomesItsServiceProxyUrl() {
        assertThat(urls.reachable("http://llama.vision.svc.cluster.local:8000/v1"))
                .isEqualTo("http://127.0.0.1:6443/api/v1/namespaces/vision/services/llama:8000/proxy/v1");
        assertThat(urls.reachable("http://embedder.language.svc:8080"))
                .isEqualTo("http://127.0.0.1:6443/api/v1/namespaces/language/services/embedder:8080/proxy");
        assertThat(urls.reachable("http://llama.vision.svc/v1"))
                .isEqualTo("http://127.0.0.1:6443/api/v1/namespaces/vision/services/llama:80/proxy/v1");
    }

    @Test
    void otherUrlsStayAsTheyAre() {
        assertThat(urls.reachable("https://api.example.com/v1")).isEqualTo("https://api.example.com/v1");
        assertThat(urls.reachable("http://localhost:9000/v1")).isEqualTo("http://localhost:9000/v1");
        assertThat(urls.reachable("http://llama.vision.example.com/v1")).isEqualTo("http://llama.vision.example.com/v1");
        assertThat(urls.reachable(null)).isNull();
    }
}
