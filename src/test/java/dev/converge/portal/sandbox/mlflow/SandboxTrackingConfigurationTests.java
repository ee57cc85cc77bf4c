package dev.converge.portal.sandbox.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.platform.mlflow.EmbeddedTrackingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

/** When the sandbox tracking server starts, where it tells its URI, and what it is seeded with. */
@ExtendWith(OutputCaptureExtension.class)
class SandboxTrackingConfigurationTests {

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;

    @BeforeEach
    void database() {
        dataSource = TrackingDatabases.migratedH2("configuration");
    }

    @AfterEach
    void closeDatabase() {
        dataSource.close();
    }

    private ApplicationContextRunner runner(ClusterMode mode) {
        return new ApplicationContextRunner()
                .withBean(ClusterMode.class, () -> mode)
                .withBean(DataSource.class, () -> dataSource)
                .withUserConfiguration(Properties.class, SandboxTrackingConfiguration.class)
                .withPropertyValues("portal.data-dir=" + dataDir);
    }

    @Test
    void inTheSandboxWithoutATrackingUriTheServerStartsAndTellsItsUri(CapturedOutput output) {
        runner(ClusterMode.SANDBOX).run(context -> {
            assertThat(context).hasNotFailed();
            startAsThePortalDoes(context);

            var uri = context.getBean(EmbeddedTrackingServer.class).trackingUri();
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            assertThat(Files.readString(dataDir.resolve(SandboxTrackingConfiguration.TRACKING_URI_FILE)).trim())
                    .isEqualTo(uri.toString());
            assertThat(output).contains("Sandbox MLflow tracking server (simulated) started in",
                    "MLFLOW_TRACKING_URI=" + uri);
            try (var client = new MlflowClient(uri.toString())) {
                assertThat(client.getExperimentByName(DemoSeed.EXPERIMENT)).isPresent();
            }
        });
    }

    @Test
    void aConfiguredTrackingUriOrARealClusterLeavesTheServerStopped() {
        runner(ClusterMode.SANDBOX).withPropertyValues("portal.mlflow.tracking-uri=http://mlflow:5000").run(context -> {
            startAsThePortalDoes(context);
            assertThat(context.getBeanFactory().containsSingleton("sandboxTrackingServer")).isFalse();
        });
        runner(ClusterMode.CLUSTER).run(context -> {
            startAsThePortalDoes(context);
            assertThat(context.getBeanFactory().containsSingleton("sandboxTrackingServer")).isFalse();
            assertThat(dataDir.resolve(SandboxTrackingConfiguration.TRACKING_URI_FILE)).doesNotExist();
        });
    }

    @Test
    void theConfiguredPortIsUsed() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        runner(ClusterMode.SANDBOX).withPropertyValues("portal.sandbox.mlflow-port=" + port).run(context ->
                assertThat(context.getBean(EmbeddedTrackingServer.class).trackingUri().getPort()).isEqualTo(port));
    }

    @Test
    void theDemoIsSeededOnceWithRunsHistoriesAndAModelWithAnAlias() {
        var server = new SandboxTrackingServer(dataSource, "s3://models/mlflow").seedOnce().seedOnce().start(0);
        try (var client = new MlflowClient(server.trackingUri().toString())) {
            var demo = client.getExperimentByName(DemoSeed.EXPERIMENT).orElseThrow();
            assertThat(demo.getName()).startsWith("Sandbox demo — ");
            assertThat(client.searchExperiments("name LIKE 'Sandbox demo%'").getItems()).hasSize(1);
            assertThat(client.getExperiment("0").getName()).isEqualTo("Default");
            var runs = client.searchRuns(List.of(demo.getExperimentId()), "", ViewType.ACTIVE_ONLY, 100,
                    List.of("metrics.accuracy DESC")).getItems();
            assertThat(runs).hasSize(5);
            assertThat(runs.get(0).getData().getParamsCount()).isGreaterThanOrEqualTo(4);
            assertThat(runs.get(0).getData().getTagsList()).anySatisfy(tag ->
                    assertThat(tag.getKey()).isEqualTo("converge.dev/sandbox"));
            assertThat(client.getMetricHistory(runs.get(0).getInfo().getRunId(), "accuracy")).hasSize(20);

            var model = client.getRegisteredModel(DemoSeed.MODEL);
            assertThat(model.getAliasesList()).anySatisfy(alias -> {
                assertThat(alias.getAlias()).isEqualTo("champion");
                assertThat(alias.getVersion()).isEqualTo("2");
            });
            var champion = client.getModelVersion(DemoSeed.MODEL, "2");
            assertThat(champion.getSource()).startsWith("s3://models/");
            assertThat(client.getRun(champion.getRunId()).getInfo().getExperimentId())
                    .isEqualTo(demo.getExperimentId());
        } finally {
            server.close();
        }
    }

    private static void startAsThePortalDoes(ApplicationContext context) throws Exception {
        for (var runner : context.getBeansOfType(ApplicationRunner.class).values()) {
            runner.run(new DefaultApplicationArguments());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    static class Properties {
    }
}
