package dev.converge.portal;

import dev.converge.portal.rag.runtime.RagRuntimeApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The portal. The same jar started with {@code --portal.role=rag-runtime} (or {@code PORTAL_ROLE=rag-runtime}) runs
 * a RAG runtime instead, and the portal's scan leaves the runtime's classes out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.converge\\.portal\\.rag\\.runtime\\..*")})
@ConfigurationPropertiesScan
public class PortalApplication {

    public static void main(String[] args) {
        CommonPoolParallelism.configure();
        if (RagRuntimeApplication.isRequested(args, System.getenv())) {
            RagRuntimeApplication.run(args);
            return;
        }
        SpringApplication.run(PortalApplication.class, args);
    }
}
