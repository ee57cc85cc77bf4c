package dev.converge.portal.rag.runtime;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The runtime role's beans. The properties are bound here rather than through {@code @ConfigurationProperties}, so
 * the portal's properties scan never requires a RagModel's settings.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan("dev.converge.portal.rag.runtime.web")
class RagRuntimeConfiguration {

    @Bean
    RagRuntimeProperties ragRuntimeProperties(Environment environment) {
        return RagRuntimeProperties.bind(environment);
    }

    @Bean(destroyMethod = "")
    RagRuntimeHandler ragRuntimeHandler(RagRuntimeProperties properties) {
        var handler = RagRuntimes.fromProperties(properties, Clock.systemUTC());
        handler.runtime().start(properties.reindexInterval());
        return handler;
    }

    @Bean
    AutoCloseable ragRuntimeStopper(RagRuntimeHandler handler) {
        return handler.runtime()::close;
    }
}
