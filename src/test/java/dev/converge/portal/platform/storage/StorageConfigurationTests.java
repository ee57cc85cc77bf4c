package dev.converge.portal.platform.storage;

import dev.converge.portal.sandbox.SandboxConfiguration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.shared.health.HealthState;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the storage beans come up from {@code portal.storage.*} and the cluster mode. */
@ExtendWith(OutputCaptureExtension.class)
class StorageConfigurationTests {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner runner(ClusterMode mode) {
        return new ApplicationContextRunner()
                .withBean(ClusterMode.class, () -> mode)
                .withUserConfiguration(Platform.class, StorageConfiguration.class, SandboxConfiguration.class,
                        ArtifactStore.class, BucketProvisioner.class, ObjectStorageReadinessCheck.class)
                .withPropertyValues("portal.data-dir=" + dataDir);
    }

    @Test
    void theSandboxWithoutAnEndpointServesAnEmbeddedS3WithTheBucketsInPlace(CapturedOutput output) {
        runner(ClusterMode.SANDBOX).run(context -> {
            assertThat(context).hasNotFailed();
            var endpoint = context.getBean(StorageEndpoint.class);
            var server = endpoint.embeddedServer().orElseThrow();
            assertThat(endpoint.uri().getHost()).isEqualTo("127.0.0.1");
            assertThat(dataDir.resolve("s3")).isDirectory();
            var client = context.getBean(MinioClient.class);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    client.bucketExists(BucketExistsArgs.builder().bucket("models").build())
                            && client.bucketExists(BucketExistsArgs.builder().bucket("rag-documents").build()));
            var s3cmdConfig = dataDir.resolve(SandboxConfiguration.S3CMD_CONFIG);
            assertThat(output).contains("Embedded S3 server (sandbox) started in", endpoint.uri().toString(),
                    "s3cmd -c " + s3cmdConfig.toAbsolutePath()).doesNotContain(server.secretKey());
            assertThat(java.nio.file.Files.readString(s3cmdConfig)).contains("secret_key = " + server.secretKey(),
                    "host_base = 127.0.0.1:" + endpoint.uri().getPort());
            assertThat(java.nio.file.Files.getPosixFilePermissions(s3cmdConfig)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            assertThat(endpoint.toString()).doesNotContain(server.secretKey());

            context.close();
            assertThat(server.isRunning()).as("stopped with the portal").isFalse();
        });
    }

    @Test
    void anEndpointWithoutKeysStopsTheStartNamingTheProperties() {
        runner(ClusterMode.CLUSTER).withPropertyValues("portal.storage.endpoint=http://minio:9000")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "portal.storage.access-key and portal.storage.secret-key must be set when "
                                + "portal.storage.endpoint is set"));
        runner(ClusterMode.CLUSTER).withPropertyValues("portal.storage.endpoint=http://minio:9000",
                        "portal.storage.access-key=portal")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "portal.storage.secret-key must be set when portal.storage.endpoint is set"));
    }

    @Test
    void anEndpointThatIsNotAUrlStopsTheStart() {
        runner(ClusterMode.CLUSTER).withPropertyValues("portal.storage.endpoint=minio:9000",
                        "portal.storage.access-key=a", "portal.storage.secret-key=b")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("portal.storage.endpoint must be an http(s) URL"));
    }

    @Test
    void aClusterNeedsAnEndpoint() {
        runner(ClusterMode.CLUSTER).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageStartingWith("portal.storage.endpoint must be set in cluster mode"));
    }

    @Test
    void unreachableStorageAtStartDoesNotStopThePortal() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        runner(ClusterMode.CLUSTER).withPropertyValues("portal.storage.endpoint=http://127.0.0.1:" + closedPort,
                        "portal.storage.access-key=portal", "portal.storage.secret-key=secret")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    var health = context.getBean(ObjectStorageReadinessCheck.class).check();
                    assertThat(health.state()).isEqualTo(HealthState.DOWN);
                    assertThat(health.summary()).isEqualTo("Object storage unreachable");
                    assertThat(health.details()).containsEntry("endpoint", "http://127.0.0.1:" + closedPort)
                            .containsEntry("embedded", false);
                    assertThat(health.details().toString()).doesNotContain("secret");
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    static class Platform {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
