package dev.converge.portal.rag.runtime;

import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The portal jar in its RAG runtime role ({@code --portal.role=rag-runtime}): one RagModel's retrieval and chat over
 * HTTP, and nothing else — no pages, no database, no Kubernetes client, no sign-in (it is reached only through its
 * cluster Service). Only the auto-configuration a servlet endpoint needs is imported, never the portal's.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
        SslAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, HttpEncodingAutoConfiguration.class})
@Import(RagRuntimeConfiguration.class)
public class RagRuntimeApplication {

    public static final String ROLE = "rag-runtime";
    static final String ROLE_PROPERTY = "portal.role";

    /** Whether these arguments, or the environment, ask for the runtime role. */
    public static boolean isRequested(String[] args, Map<String, String> environment) {
        var argument = "--" + ROLE_PROPERTY + "=" + ROLE;
        return Arrays.asList(args).contains(argument)
                || ROLE.equals(System.getProperty(ROLE_PROPERTY))
                || ROLE.equals(environment.get("PORTAL_ROLE"));
    }

    public static ConfigurableApplicationContext run(String[] args) {
        var application = new SpringApplication(RagRuntimeApplication.class);
        application.setMainApplicationClass(RagRuntimeApplication.class);
        // The portal's banner and JMX are not needed; its application.properties is read but none of its beans exist
        application.setDefaultProperties(Map.of("spring.jmx.enabled", "false",
                "spring.main.banner-mode", "off"));
        return application.run(args);
    }
}
