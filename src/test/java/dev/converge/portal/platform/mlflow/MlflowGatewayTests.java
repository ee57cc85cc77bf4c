package dev.converge.portal.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlflow.tracking.MlflowClient;

/** The gateway against the documented REST API (the stub): what it reads, and every failure in words, in time. */
class MlflowGatewayTests {

    static MlflowStub stub;
    static String experimentId;
    static String runId;

    @BeforeAll
    static void seed() {
        stub = MlflowStub.start();
        try (var seeder = new MlflowSeeder(stub.uri())) {
            experimentId = seeder.experiment("gateway-tests");
            runId = seeder.run(experimentId, "first", 1_000_000L, Map.of("lr", "0.01"), Map.of("accuracy", 0.9), 5,
                    Map.of(MlflowRun.DEPLOYMENT_TAG, "vision/resnet"));
            seeder.run(experimentId, "second", 2_000_000L, Map.of("lr", "0.1"), Map.of("accuracy", 0.8), 5, Map.of());
            seeder.model("fraud");
            var version = seeder.version("fraud", "s3://artifacts/teams/vision/fraud.onnx", runId);
            seeder.alias("fraud", "champion", version);
        }
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @AfterEach
    void heal() {
        stub.healthy();
    }

    MlflowGateway gateway(Duration readTimeout) {
        var properties = MlflowProperties.of(stub.uri().toString()).withTimeouts(Duration.ofMillis(500), readTimeout);
        return new MlflowGateway(MlflowEndpoint.configured(properties), properties);
    }

    MlflowGateway.Session session() {
        return gateway(Duration.ofSeconds(5)).session();
    }

    @Test
    void readsRunsWithParamsLatestMetricsTagsAndHistory() {
        var s = session();
        var page = s.await(s.searchRuns(List.of(experimentId), "metrics.accuracy > 0.85", "metrics.`accuracy` DESC",
                MlflowGateway.ViewType.ACTIVE_ONLY, 10, null));
        assertThat(page.items()).extracting(MlflowRun::name).containsExactly("first");
        var run = page.items().get(0);
        assertThat(run.params()).containsEntry("lr", "0.01");
        assertThat(run.metrics().get("accuracy").value()).isEqualTo(0.9);
        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(run.tags()).containsEntry(MlflowRun.DEPLOYMENT_TAG, "vision/resnet");
        assertThat(s.await(s.metricHistory(runId, "accuracy"))).extracting(MetricPoint::step)
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(s.await(s.artifacts(runId, null))).extracting(ArtifactEntry::path).contains("model");
    }

    @Test
    void pagesWithMlflowTokens() {
        var s = session();
        var first = s.await(s.searchRuns(List.of(experimentId), null, null, MlflowGateway.ViewType.ACTIVE_ONLY, 1,
                null));
        assertThat(first.nextPageToken()).isNotNull();
        var second = s.await(s.searchRuns(List.of(experimentId), null, null, MlflowGateway.ViewType.ACTIVE_ONLY, 1,
                first.nextPageToken()));
        assertThat(second.items()).doesNotContainAnyElementsOf(first.items());
        assertThat(second.hasNext()).isFalse();
    }

    @Test
    void readsTheRegistry() {
        var s = session();
        var models = s.searchModels("fra", 10, null);
        assertThat(models.items()).extracting(MlflowModel::name).containsExactly("fraud");
        assertThat(models.items().get(0).aliases()).containsEntry("champion", "1");
        var version = s.await(s.version("fraud", "1"));
        assertThat(version.deployableUri()).isEqualTo("s3://artifacts/teams/vision/fraud.onnx");
        assertThat(version.aliases()).containsExactly("champion");
        assertThat(s.await(s.latestVersions("fraud"))).extracting(MlflowModelVersion::version).containsExactly("1");
        assertThat(s.await(s.versions("fraud", 10, null)).items()).hasSize(1);
    }

    @Test
    void anUnknownIdIsNotFoundAfterOneRequest() {
        int before = stub.requests();
        var s = session();
        assertThatThrownBy(() -> s.await(s.run("0123456789abcdef0123456789abcdef")))
                .isInstanceOfSatisfying(MlflowNotFound.class,
                        e -> assertThat(e.detailCode()).isEqualTo("mlflow.notFound.run"));
        assertThat(stub.requests() - before).as("no retries on the request path").isEqualTo(1);
    }

    /** What the brief asked to measure: mlflow-client's own caller on the same 404, for docs/performance.md. */
    @Test
    void mlflowClientItselfRetriesA404() {
        int before = stub.requests();
        long start = System.nanoTime();
        try (var client = new MlflowClient(stub.uri().toString())) {
            assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
                    .hasMessageContaining("404");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int calls = stub.requests() - before;
        System.out.printf("mlflow-client getRun on a 404: %d requests, %d ms%n", calls, millis);
        assertThat(calls).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aMalformedFilterIsRefusedWithMlflowsMessageOnTheFilterField() {
        var s = session();
        assertThatThrownBy(() -> s.await(s.searchRuns(List.of(experimentId), "metrics.accuracy >> 1", null,
                MlflowGateway.ViewType.ACTIVE_ONLY, 10, null)))
                .isInstanceOfSatisfying(MlflowRejected.class, e -> {
                    assertThat(e.field()).isEqualTo("filter");
                    assertThat(e.mlflowMessage()).contains("Invalid clause");
                });
    }

    @Test
    void aTokenMlflowCannotReadIsRefusedOnThePageTokenField() {
        var s = session();
        assertThatThrownBy(() -> s.await(s.searchRuns(List.of(experimentId), null, null,
                MlflowGateway.ViewType.ACTIVE_ONLY, 10, "not-base64!")))
                .isInstanceOfSatisfying(MlflowRejected.class, e -> assertThat(e.field()).isEqualTo("pageToken"));
    }

    @Test
    void aSlowServerIsGivenUpOnAtTheReadTimeout() {
        stub.delay(Duration.ofSeconds(3));
        var s = gateway(Duration.ofMillis(400)).session();
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.await(s.run(runId)))
                .isInstanceOfSatisfying(MlflowUnavailable.class,
                        e -> assertThat(e.detailCode()).isEqualTo("mlflow.error.slow"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_000));
    }

    @Test
    void aSessionsCallsShareOneDeadline() {
        stub.delay(Duration.ofMillis(300));
        var s = gateway(Duration.ofMillis(500)).session();
        s.await(s.run(runId));
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.await(s.run(runId))).isInstanceOf(MlflowUnavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(450));
    }

    @Test
    void aServerThatIsDownIsUnreachableAtOnce() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var properties = MlflowProperties.of("http://127.0.0.1:" + port);
        var s = new MlflowGateway(MlflowEndpoint.configured(properties), properties).session();
        assertThatThrownBy(() -> s.await(s.run(runId)))
                .isInstanceOfSatisfying(MlflowUnavailable.class,
                        e -> assertThat(e.detailCode()).isEqualTo("mlflow.error.unreachable"));
    }

    @Test
    void refusedCredentialsAreSaidInWordsAndTheTokenIsSent() {
        stub.requireToken("s3cret");
        var s = session();
        assertThatThrownBy(() -> s.await(s.run(runId)))
                .isInstanceOfSatisfying(MlflowUnavailable.class, e -> {
                    assertThat(e.detailCode()).isEqualTo("mlflow.error.refused");
                    assertThat(e.getMessage()).contains("401").doesNotContain("s3cret");
                });
        var properties = MlflowProperties.of(stub.uri().toString()).withToken("s3cret");
        var authorised = new MlflowGateway(MlflowEndpoint.configured(properties), properties).session();
        assertThat(authorised.await(authorised.run(runId)).name()).isEqualTo("first");
        assertThat(MlflowEndpoint.configured(properties).toString()).doesNotContain("s3cret");
    }

    @Test
    void aProxysErrorPageIsAFailureNotAParseError() {
        stub.failWith(502, "<html>Bad gateway</html>");
        var s = session();
        assertThatThrownBy(() -> s.await(s.run(runId)))
                .isInstanceOfSatisfying(MlflowUnavailable.class,
                        e -> assertThat(e.detailCode()).isEqualTo("mlflow.error.failed"));
    }

    @Test
    void withoutATrackingUriNothingIsCalled() {
        var gateway = new MlflowGateway(MlflowEndpoint.none(), MlflowProperties.of(null));
        assertThat(gateway.isConfigured()).isFalse();
        assertThatThrownBy(gateway::session).isInstanceOfSatisfying(MlflowUnavailable.class,
                e -> assertThat(e.detailCode()).isEqualTo("mlflow.error.notConfigured"));
    }
}
