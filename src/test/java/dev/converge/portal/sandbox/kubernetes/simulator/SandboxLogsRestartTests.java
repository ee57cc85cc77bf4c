package dev.converge.portal.sandbox.kubernetes.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterModeResolver;
import dev.converge.portal.platform.kubernetes.KubernetesClientConfiguration;
import dev.converge.portal.sandbox.SandboxConfiguration;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Logs of pods kept over a sandbox restart are kept too (issue 10, item 8), not an empty 200. */
class SandboxLogsRestartTests {

    private final Path dataDir = Path.of("target", "test-data", "sandbox-" + UUID.randomUUID()).toAbsolutePath();

    private final ApplicationContextRunner sandbox = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, ClusterModeResolver.class, SandboxConfiguration.class,
                    KubernetesClientConfiguration.class, ClusterSimulatorConfiguration.class)
            .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir,
                    "portal.teams[0].name=vision", "portal.sandbox.pod-start-delay=100ms",
                    "portal.sandbox.build-duration=1s");

    @Test
    void aFinishedBuildsLogIsReadAfterTheSandboxRestarts() {
        var before = new String[1];
        sandbox.run(context -> {
            assertThat(context).hasNotFailed();
            var client = context.getBean(KubernetesClient.class);
            client.resource(new NamespaceBuilder().withNewMetadata().withName("vision").endMetadata().build())
                    .createOr(existing -> existing.update());
            client.resource(SimulatorMother.pod("vision", "build-1").editMetadata()
                    .addToLabels("converge.dev/kind", "build").endMetadata()
                    .editSpec().withRestartPolicy("Never").endSpec().build()).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var pod = client.pods().inNamespace("vision").withName("build-1").get();
                return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
            });
            before[0] = client.pods().inNamespace("vision").withName("build-1").inContainer("main").getLog();
            assertThat(before[0]).contains("Build finished: exit code 0");
        });

        sandbox.run(context -> {
            var client = context.getBean(KubernetesClient.class);
            assertThat(client.pods().inNamespace("vision").withName("build-1").get()).as("the pod was kept")
                    .isNotNull();
            var after = client.pods().inNamespace("vision").withName("build-1").inContainer("main").getLog();
            assertThat(after).isEqualTo(before[0]);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    static class Settings {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        TeamDirectory teamDirectory(PortalProperties properties) {
            return new TeamDirectory(properties);
        }
    }
}
