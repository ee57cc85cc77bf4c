package dev.converge.portal.sandbox.mlflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.platform.mlflow.EmbeddedTrackingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Wires the sandbox MLflow tracking server in through the seam production code owns, {@link EmbeddedTrackingServer}.
 * The server bean is lazy: it starts in sandbox mode only, and only when no {@code portal.mlflow.tracking-uri} is
 * configured, so a portal connected to a real MLflow never opens the port.
 */
@Configuration(proxyBeanMethods = false)
public class SandboxTrackingConfiguration {

    /** Under {@code portal.data-dir}: the {@code MLFLOW_TRACKING_URI} of the sandbox tracking server. */
    public static final String TRACKING_URI_FILE = "mlflow-tracking-uri";
    static final String TRACKING_URI_PROPERTY = "portal.mlflow.tracking-uri";

    private static final Logger log = LoggerFactory.getLogger(SandboxTrackingConfiguration.class);

    @Bean(destroyMethod = "close")
    @Lazy
    @DependsOnDatabaseInitialization
    SandboxTrackingServer sandboxTrackingServer(PortalProperties properties, DataSource dataSource) {
        long started = System.nanoTime();
        var server = new SandboxTrackingServer(dataSource, "s3://" + properties.storage().artifactsBucket()
                + "/mlflow").seedOnce().start(properties.sandbox().mlflowPort());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        var uri = server.trackingUri();
        var file = writeUri(properties.dataDir(), uri.toString());
        log.info("Sandbox MLflow tracking server (simulated) started in {} ms: MLFLOW_TRACKING_URI={} (also in {}). "
                + "Try: MLFLOW_TRACKING_URI={} mlflow experiments search", millis, uri, file, uri);
        return server;
    }

    /**
     * Starts the server with the portal in sandbox mode when no tracking server is configured, so its URI is in the
     * log and the data directory from the start, not only after the first MLflow page.
     */
    @Bean
    ApplicationRunner sandboxTrackingServerStarter(ClusterMode mode, Environment environment,
                                                   ObjectProvider<EmbeddedTrackingServer> server) {
        return arguments -> {
            var configured = environment.getProperty(TRACKING_URI_PROPERTY);
            if (mode.isSandbox() && (configured == null || configured.isBlank())) {
                server.getObject();
            }
        };
    }

    private static Path writeUri(Path dataDir, String uri) {
        var file = dataDir.resolve(TRACKING_URI_FILE);
        try {
            Files.createDirectories(dataDir);
            Files.writeString(file, uri + System.lineSeparator());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the sandbox MLflow tracking URI to " + file, e);
        }
        return file;
    }
}
