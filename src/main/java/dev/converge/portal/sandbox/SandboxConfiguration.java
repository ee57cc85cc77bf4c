package dev.converge.portal.sandbox;

import java.util.concurrent.TimeUnit;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.storage.EmbeddedObjectStorage;
import dev.converge.portal.sandbox.kubernetes.ClusterSimulation;
import dev.converge.portal.sandbox.kubernetes.SandboxCluster;
import dev.converge.portal.sandbox.kubernetes.SandboxPodServer;
import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import dev.converge.portal.shared.SecretFiles;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Wires the sandbox into the portal through the seams production code owns ({@code EmbeddedApiServer},
 * {@link EmbeddedObjectStorage}). Every bean is lazy: only the Kubernetes client factory and the storage
 * configuration ask for them, and only in sandbox mode, so a portal connected to a real cluster starts none of it.
 */
@Configuration(proxyBeanMethods = false)
public class SandboxConfiguration {

    /** Under {@code portal.data-dir}: an s3cmd configuration for the embedded S3 server. */
    public static final String S3CMD_CONFIG = "s3cmd.cfg";

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean(initMethod = "start", destroyMethod = "close")
    @Lazy
    SandboxCluster sandboxCluster(PortalProperties properties, ObjectProvider<ClusterSimulation> simulations,
                                  ObjectProvider<MeterRegistry> meters, ObjectProvider<SandboxPodServer> podServers) {
        var cluster = new SandboxCluster(properties, simulations, () -> podServers.orderedStream().toList());
        meters.ifAvailable(cluster::countRequestsIn);
        return cluster;
    }

    /** Stopped by the {@code StorageEndpoint} that owns it. */
    @Bean(destroyMethod = "")
    @Lazy
    EmbeddedObjectStorage embeddedObjectStorage(PortalProperties properties) {
        long started = System.nanoTime();
        var server = EmbeddedS3Server.filesystem(properties.dataDir().resolve("s3")).start();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        var endpoint = server.endpoint();
        var hostPort = endpoint.getHost() + ":" + endpoint.getPort();
        // Random per start, but still keys: in an s3cmd configuration only the portal's user can read, not the log.
        var config = SecretFiles.writeOwnerOnly(properties.dataDir().resolve(S3CMD_CONFIG), """
                [default]
                access_key = %s
                secret_key = %s
                host_base = %s
                host_bucket = %s
                use_https = False
                """.formatted(server.accessKey(), server.secretKey(), hostPort, hostPort));
        log.info("Embedded S3 server (sandbox) started in {} ms at {}; its keys are in {}. Try: s3cmd -c {} ls",
                millis, endpoint, config, config);
        return server;
    }
}
