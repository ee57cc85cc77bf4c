package dev.converge.portal.chat;

import dev.converge.portal.platform.openai.OpenAiClient;
import dev.converge.portal.platform.openai.OpenAiTimeouts;
import dev.converge.portal.platform.openai.ServiceEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The chat manager's model client, with the timeouts of {@code portal.chat.*}, and how it reaches the cluster. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChatConfiguration.class);

    @Bean(destroyMethod = "close")
    OpenAiClient chatModelClient(JsonMapper json, ChatProperties properties) {
        return new OpenAiClient(json, new OpenAiTimeouts(properties.connectTimeout(), properties.firstTokenTimeout(),
                properties.betweenTokensTimeout()));
    }

    @Bean
    ServiceEndpoints chatServiceEndpoints(KubernetesClient kubernetes, ChatProperties properties) {
        var access = ServiceEndpoints.resolve(properties.access(), System.getenv());
        log.info("Chat reaches models in the cluster {}", access == ServiceEndpoints.Access.DIRECT
                ? "by their Service DNS names" : "through the API server's service proxy");
        return new ServiceEndpoints(kubernetes, access);
    }
}
