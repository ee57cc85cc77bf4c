package dev.converge.portal.rag.runtime;

import java.time.Clock;
import java.util.stream.Collectors;

import jakarta.validation.Validation;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
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

    static final String PREFIX = "portal.rag-runtime";

    @Bean
    RagRuntimeProperties ragRuntimeProperties(Environment environment) {
        var properties = Binder.get(environment).bindOrCreate(PREFIX, Bindable.of(RagRuntimeProperties.class));
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            var violations = factory.getValidator().validate(properties);
            if (!violations.isEmpty()) {
                throw new IllegalStateException("Invalid RAG runtime settings: " + violations.stream()
                        .map(v -> PREFIX + "." + v.getPropertyPath() + " " + v.getMessage())
                        .sorted().collect(Collectors.joining("; ")));
            }
        }
        return properties;
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
