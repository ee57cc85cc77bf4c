package dev.converge.portal.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.deployments.DeploymentManifests;
import dev.converge.portal.live.LiveFixtures;
import dev.converge.portal.platform.kubernetes.PodUsage;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.trust.CostReport;
import dev.converge.portal.trust.TrustBoard;
import dev.converge.portal.trust.TrustSettings;
import dev.converge.portal.trust.TrustSubject;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * The cost signal's figures: the subject's pods allocated as the cost dashboard does, against the team's budget for
 * the month × the policy's budget share; a team without a budget has no figures; a new budget rescores the team.
 */
class TrustCostEvidenceTests {

    static final YearMonth MONTH = YearMonth.of(2026, 12);

    final KubernetesCaches caches = mock(KubernetesCaches.class, RETURNS_DEEP_STUBS);
    final PodUsage usage = mock(PodUsage.class);
    final Budgets budgets = mock(Budgets.class);
    final TrustBoard board = mock(TrustBoard.class);
    final TeamDirectory teams = new TeamDirectory(LiveFixtures.properties(Map.of()));

    TrustCostEvidence evidence(double share) {
        when(usage.last()).thenReturn(PodUsage.Reading.NONE);
        when(budgets.currentMonth()).thenReturn(MONTH);
        var beans = new DefaultListableBeanFactory();
        beans.registerSingleton("board", board);
        var settings = new TrustSettings(List.of("cost"), List.of(), 0.8, Map.of(), java.time.Duration.ofHours(1),
                java.time.Duration.ofMinutes(1), 10, share);
        return new TrustCostEvidence(caches, usage, CostFixtures.catalog(Map.of(), Map.of()), budgets, teams,
                mock(DeploymentManifests.class), settings,
                beans.getBeanProvider(TrustBoard.class), Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"),
                ZoneOffset.UTC));
    }

    static TrustSubject subject() {
        return new TrustSubject(TrustSubject.DEPLOYMENT, "vision", "resnet", "img", null);
    }

    /** One running pod of resnet asking 1 CPU and 1 GiB: 730 × (0.031611 + 0.004237) = 26.17 a month. */
    void oneRunningPod() {
        Pod pod = new PodBuilder().withNewMetadata().withName("resnet-1").withNamespace("vision").withUid("u1")
                .addToLabels("app.kubernetes.io/name", "resnet").endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("server").withNewResources()
                .addToRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi"))).endResources()
                .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build();
        when(caches.query(Pod.class).namespace("vision").label("app.kubernetes.io/name", "resnet").list())
                .thenReturn(List.of(pod));
    }

    @Test
    void theRunRateOfTheSubjectsPodsAgainstTheTeamBudgetTimesThePolicyShare() {
        var evidence = evidence(0.5);
        oneRunningPod();
        when(budgets.amount("vision", MONTH)).thenReturn(Optional.of(new BigDecimal("100")));
        assertThat(evidence.report(subject())).contains(new CostReport(26.17, 50.0, "USD", "/cost"));
    }

    @Test
    void withoutABudgetThisMonthThereAreNoFigures() {
        var evidence = evidence(1.0);
        when(budgets.amount("vision", MONTH)).thenReturn(Optional.empty());
        assertThat(evidence.covers(subject())).isTrue();
        assertThat(evidence.report(subject())).isEmpty();
    }

    @Test
    void aNewBudgetIsReadAtOnceAndRescoresTheTeamsNamespace() {
        var evidence = evidence(1.0);
        oneRunningPod();
        when(budgets.amount("vision", MONTH)).thenReturn(Optional.of(new BigDecimal("100")));
        assertThat(evidence.report(subject()).orElseThrow().budgetShare()).isEqualTo(100.0);
        when(budgets.amount("vision", MONTH)).thenReturn(Optional.of(new BigDecimal("10")));
        assertThat(evidence.report(subject()).orElseThrow().budgetShare()).as("remembered for a minute")
                .isEqualTo(100.0);

        evidence.budgetChanged("vision");

        verify(board).recomputeNamespace("vision");
        assertThat(evidence.report(subject()).orElseThrow().budgetShare()).isEqualTo(10.0);
        verify(budgets, times(2)).amount(eq("vision"), any());
    }
}
