package dev.converge.portal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.converge.portal.experiments.RunViews;
import dev.converge.portal.platform.mlflow.MlflowRun;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** The latest tagged run's metrics become the quality evidence, checked by the team policy, and are remembered. */
class MlflowQualityEvidenceTests {

    final RunViews runs = mock(RunViews.class);
    final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

    @Test
    void theLatestRunsMetricsAreTheEvidenceAndAFailingMetricFailsQuality() {
        beans.registerSingleton("runs", runs);
        var metrics = new TreeMap<String, MlflowRun.LatestMetric>(Map.of(
                "accuracy", new MlflowRun.LatestMetric(0.72, 3, Instant.EPOCH),
                "drift", new MlflowRun.LatestMetric(0.05, 3, Instant.EPOCH)));
        when(runs.latestRunForDeployment("vision", "resnet")).thenReturn(Optional.of(new MlflowRun("abc123", "eval-7",
                "1", "dev", "FINISHED", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), null, "active", new TreeMap<>(),
                metrics, new TreeMap<>(Map.of(MlflowRun.DEPLOYMENT_TAG, "vision/resnet")))));
        var evidence = new MlflowQualityEvidence(beans.getBeanProvider(RunViews.class),
                Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        var subject = TrustSignalsTests.subject(TrustSignalsTests.IMAGE, TrustSignalsTests.healthy());

        assertThat(evidence.covers(subject)).isTrue();
        var report = evidence.report(subject).orElseThrow();
        assertThat(report.metrics()).containsEntry("accuracy", 0.72).containsEntry("drift", 0.05);
        assertThat(report.link()).isEqualTo("/mlflow/runs/abc123");
        assertThat(report.source()).contains("eval-7", "abc123");
        var verdict = QualityCheck.check(subject, TrustSettings.defaults().policyFor("vision"), Optional.of(report));
        assertThat(verdict.status()).isEqualTo(SignalStatus.FAIL);
        assertThat(verdict.reason().code()).isEqualTo("trust.quality.fail.threshold");

        evidence.report(subject);
        verify(runs, times(1)).latestRunForDeployment("vision", "resnet");
    }

    @Test
    void withoutTheMlflowFeatureItCoversNothing() {
        var evidence = new MlflowQualityEvidence(beans.getBeanProvider(RunViews.class), Clock.systemUTC());
        assertThat(evidence.covers(TrustSignalsTests.subject(null, null))).isFalse();
    }
}
