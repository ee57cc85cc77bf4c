package dev.converge.portal.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.converge.portal.sandbox.SandboxConfiguration;
import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.platform.kubernetes.ClusterModeResolver;
import dev.converge.portal.platform.kubernetes.KubernetesClientConfiguration;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class SandboxClusterTests {

    private final Path dataDir = Path.of("target", "test-data", "sandbox-" + UUID.randomUUID()).toAbsolutePath();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, ClusterModeResolver.class, SandboxConfiguration.class,
                    KubernetesClientConfiguration.class)
            .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir);

    @Test
    void startWritesAKubeconfigAndLogsTheKubectlLine(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ClusterMode.class)).isEqualTo(ClusterMode.SANDBOX);
            var sandbox = context.getBean(SandboxCluster.class);
            var kubeconfig = dataDir.resolve("sandbox/kubeconfig");
            assertThat(sandbox.kubeconfig()).isEqualTo(kubeconfig);
            assertThat(Files.readString(kubeconfig)).contains("server: " + sandbox.url(), "token: ");
            assertThat(output).contains("kubectl --kubeconfig " + kubeconfig + " get pods -A");
            assertThat(context.getBean(KubernetesClient.class).getMasterUrl().toString()).startsWith(sandbox.url());
        });
    }

    @Test
    void stateSurvivesARestartAndResetStartsClean() {
        var uid = new String[1];
        runner.run(context -> {
            var client = context.getBean(KubernetesClient.class);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("vision").endMetadata()
                    .build()).create();
            uid[0] = client.configMaps().inNamespace("vision").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("settings").endMetadata().addToData("a", "1").build()).create().getMetadata().getUid();
        });
        assertThat(dataDir.resolve("sandbox/state.json")).exists();

        runner.run(context -> {
            var client = context.getBean(KubernetesClient.class);
            var restored = client.configMaps().inNamespace("vision").withName("settings").get();
            assertThat(restored.getData()).containsEntry("a", "1");
            assertThat(restored.getMetadata().getUid()).isEqualTo(uid[0]);
            var created = client.configMaps().inNamespace("vision").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("later").endMetadata().build()).create();
            assertThat(Long.parseLong(created.getMetadata().getResourceVersion()))
                    .isGreaterThan(Long.parseLong(restored.getMetadata().getResourceVersion()));
        });

        runner.withPropertyValues("portal.sandbox.reset=true").run(context -> {
            var client = context.getBean(KubernetesClient.class);
            assertThat(client.configMaps().inNamespace("vision").withName("settings").get()).isNull();
        });
    }

    @Test
    void anUnchangedSandboxIsNotWrittenAgain() throws Exception {
        runner.run(context -> context.getBean(KubernetesClient.class).namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName("vision").endMetadata().build()).create());
        var state = dataDir.resolve("sandbox/state.json");
        var written = java.nio.file.Files.getLastModifiedTime(state);
        java.nio.file.Files.setLastModifiedTime(state, java.nio.file.attribute.FileTime.fromMillis(0));

        runner.run(context -> context.getBean(SandboxCluster.class).save());

        assertThat(written.toMillis()).isPositive();
        assertThat(java.nio.file.Files.getLastModifiedTime(state).toMillis())
                .as("no API writes since the restore: the snapshot is not serialized and written again").isZero();
    }

    @Test
    void startsTheSimulationWithAClientOfTheSandboxAndClosesIt() {
        var simulation = new FakeSimulation();
        runner.withBean(ClusterSimulation.class, () -> simulation).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(simulation.startedWith).isNotNull();
            assertThat(simulation.startedWith.getMasterUrl().toString())
                    .startsWith(context.getBean(SandboxCluster.class).url());
        });
        assertThat(simulation.closed).isTrue();
    }

    @Test
    void clusterModeNeverStartsTheSandbox() {
        runner.withPropertyValues("portal.kubernetes.mode=cluster").run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(KubernetesClient.class);
            assertThat(dataDir.resolve("sandbox/kubeconfig")).doesNotExist();
        });
    }

    @Test
    void gpuPoolWithUnknownTypeOrZoneFailsStartNamingTheProperty() {
        runner.withPropertyValues("portal.sandbox.gpu-pools[0].zone=zone-a",
                        "portal.sandbox.gpu-pools[0].gpu-type=nvidia-h100", "portal.sandbox.gpu-pools[0].nodes=1",
                        "portal.sandbox.gpu-pools[0].gpus-per-node=1", "portal.sandbox.gpu-pools[0].cores=8",
                        "portal.sandbox.gpu-pools[0].memory-gi=64",
                        "portal.sandbox.gpu-pools[1].zone=zone-x",
                        "portal.sandbox.gpu-pools[1].gpu-type=nvidia-l4", "portal.sandbox.gpu-pools[1].nodes=1",
                        "portal.sandbox.gpu-pools[1].gpus-per-node=1", "portal.sandbox.gpu-pools[1].cores=8",
                        "portal.sandbox.gpu-pools[1].memory-gi=64")
                .run(context -> {
                    assertThat(context).hasFailed();
                    var failure = describe(context.getStartupFailure());
                    assertThat(failure)
                            .contains("portal.sandbox.gpu-pools[0].gpu-type", "nvidia-h100")
                            .contains("portal.sandbox.gpu-pools[1].zone", "zone-x");
                });
    }

    private static String describe(Throwable failure) {
        var text = new StringBuilder();
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause.getMessage()).append('\n');
        }
        return text.toString();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    static class Properties {
        @Bean
        java.time.Clock clock() {
            return java.time.Clock.systemUTC();
        }
    }
}
