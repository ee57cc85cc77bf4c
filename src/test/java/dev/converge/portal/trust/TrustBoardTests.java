package dev.converge.portal.trust;

import static dev.converge.portal.trust.TrustSignalsTests.IMAGE;
import static dev.converge.portal.trust.TrustSignalsTests.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveFixtures;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The score over the signals a policy requires, the evidence sources plugging in as optional beans, and what a
 * change publishes and records.
 */
class TrustBoardTests {

    final Map<String, TrustSubject> subjects = new HashMap<>();
    final List<LiveEvent> published = new ArrayList<>();
    final TrustHistory history = mock(TrustHistory.class);
    final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    final LiveScheduler scheduler = new LiveScheduler();

    @AfterEach
    void stop() {
        scheduler.destroy();
    }

    TrustBoard board(TrustSettings settings) {
        beans.registerSingleton("subjects", new TrustSubjects() {
            @Override
            public String kind() {
                return TrustSubject.DEPLOYMENT;
            }

            @Override
            public List<TrustSubject> in(String namespace) {
                return subjects.values().stream().filter(s -> s.namespace().equals(namespace)).toList();
            }

            @Override
            public Optional<TrustSubject> find(String namespace, String name) {
                return Optional.ofNullable(subjects.get(namespace + "/" + name));
            }
        });
        var messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages", "messages-trust");
        messages.setDefaultEncoding("UTF-8");
        var properties = LiveFixtures.properties(Map.of("security.users[0].username", "dev",
                "security.users[0].password", "{noop}x", "security.users[0].teams", "vision"));
        var teams = new TeamDirectory(properties);
        var scorer = new TrustScorer(beans.getBeanProvider(Builds.class), beans.getBeanProvider(Artifacts.class),
                beans.getBeanProvider(QualityEvidence.class), beans.getBeanProvider(CostEvidence.class),
                beans.getBeanProvider(ProvenanceRecords.class), teams,
                settings, messages, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        return new TrustBoard(beans.getBeanProvider(TrustSubjects.class), scorer, history, teams, published::add,
                LiveFixtures.fragments(), scheduler, settings);
    }

    @Test
    void withoutQualityAndCostSourcesThoseSignalsAreNotApplicableAndSayWhy() {
        var board = board(TrustSettings.defaults());
        subjects.put("vision/resnet", TrustSignalsTests.subject("nginx:latest", healthy()));
        var card = board.recomputeNow(TrustSubject.DEPLOYMENT, "vision", "resnet").orElseThrow();
        assertThat(card.signals()).extracting(SignalResult::name, SignalResult::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("provenance", "fail"),
                org.assertj.core.groups.Tuple.tuple("availability", "pass"),
                org.assertj.core.groups.Tuple.tuple("quality", "na"),
                org.assertj.core.groups.Tuple.tuple("safety", "pass"),
                org.assertj.core.groups.Tuple.tuple("cost", "na"));
        assertThat(card.score()).isEqualTo(2.0 / 3);
        assertThat(card.signals().get(2).reason()).contains("no model tracking (MLflow)");
        assertThat(card.signals().get(0).reason()).contains("nginx:latest", "not pinned by digest");
        assertThat(card.signals().get(0).fix()).isEqualTo("/builds");
        assertThat(card.belowMinimum()).isTrue();
    }

    @Test
    void qualityAndCostSourcesPlugInAsBeansAndCount() {
        beans.registerSingleton("quality", new QualityEvidence() {
            @Override
            public boolean covers(TrustSubject subject) {
                return true;
            }

            @Override
            public Optional<QualityReport> report(TrustSubject subject) {
                return Optional.of(new QualityReport("MLflow run 42", "/mlflow/runs/42", Instant.EPOCH,
                        Map.of("accuracy", 0.95, "drift", 0.02), List.of()));
            }
        });
        beans.registerSingleton("cost", new CostEvidence() {
            @Override
            public boolean covers(TrustSubject subject) {
                return true;
            }

            @Override
            public Optional<CostReport> report(TrustSubject subject) {
                return Optional.of(new CostReport(500, 400, "EUR", "/cost"));
            }
        });
        var board = board(TrustSettings.defaults());
        subjects.put("vision/resnet", TrustSignalsTests.subject(IMAGE, healthy()));
        var card = board.recomputeNow(TrustSubject.DEPLOYMENT, "vision", "resnet").orElseThrow();
        assertThat(card.signals()).extracting(SignalResult::status)
                .containsExactly("fail", "pass", "pass", "pass", "fail");
        assertThat(card.chain()).extracting(ChainLink::step).contains("mlflow");
        assertThat(card.score()).isEqualTo(3.0 / 5);
    }

    @Test
    void aSignalTheTeamDoesNotRequireIsNotApplicable() {
        var settings = new TrustSettings(List.of("availability", "safety"), List.of(), 1.0, Map.of(),
                Duration.ofHours(1), Duration.ofMinutes(1), 10, 1.0);
        var board = board(settings);
        subjects.put("vision/resnet", TrustSignalsTests.subject("nginx:latest", healthy()));
        var card = board.recomputeNow(TrustSubject.DEPLOYMENT, "vision", "resnet").orElseThrow();
        assertThat(card.score()).isEqualTo(1.0);
        assertThat(card.signals().get(0).reason()).isEqualTo("Not required by the trust policy of team vision.");
    }

    @Test
    void aChangePublishesTheCardDetailSummaryAndAlertsAndIsRecordedOnceUnchangedNothing() {
        var board = board(TrustSettings.defaults());
        subjects.put("vision/resnet", TrustSignalsTests.subject("nginx:latest", healthy()));
        board.recomputeNow(TrustSubject.DEPLOYMENT, "vision", "resnet");
        assertThat(published).extracting(LiveEvent::name).containsExactly("trust-deployment-vision-resnet",
                "trust-detail-deployment-vision-resnet", "trust-summary-vision", "trust-alerts-vision");
        assertThat(published.get(0).html()).contains("provenance", "/trust/vision/resnet", "2/3");
        assertThat(published.get(3).html()).contains("fell below team vision&#39;s minimum score");
        verify(history).recordChange(any());
        verify(history).snapshot(any());

        published.clear();
        board.recomputeNow(TrustSubject.DEPLOYMENT, "vision", "resnet");
        assertThat(published).isEmpty();

        subjects.remove("vision/resnet");
        board.recomputeNow(TrustSubject.DEPLOYMENT, "vision", "resnet");
        assertThat(published).extracting(LiveEvent::name).contains("trust-deployment-vision-resnet");
        assertThat(published.get(0).html()).contains("Deleted");
        assertThat(board.all()).isEmpty();
        verify(history, atLeastOnce()).recordChange(any());
        verify(history, never()).changes(any(), any(), any(), org.mockito.ArgumentMatchers.anyInt());
    }
}
