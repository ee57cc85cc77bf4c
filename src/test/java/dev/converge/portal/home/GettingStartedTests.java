package dev.converge.portal.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.artifacts.ArtifactPage;
import dev.converge.portal.artifacts.ArtifactStorageFailure;
import dev.converge.portal.artifacts.ArtifactSummary;
import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.BuildStatus;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentsLivePublisher;
import dev.converge.portal.live.StatusCounts;
import dev.converge.portal.platform.storage.StorageUnavailable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GettingStartedTests {

    Artifacts artifacts = mock(Artifacts.class);
    Builds builds = mock(Builds.class);
    DeploymentsLivePublisher deployments = mock(DeploymentsLivePublisher.class);
    GettingStarted gettingStarted = new GettingStarted(artifacts, builds, deployments);

    @BeforeEach
    void aTeamWithNothingYet() {
        given(artifacts.list(any(), eq("vision"), any(), eq(0), eq(1))).willReturn(artifacts(0));
        given(builds.counts(any(), eq("vision"))).willReturn(builds(0));
        given(deployments.countsIn("vision")).willReturn(new StatusCounts("vision", Map.of()));
    }

    @Test
    void aTeamWithNothingGetsFourStepsNoneDone() {
        var path = gettingStarted.forUser(DeploymentMother.developer()).orElseThrow();

        assertThat(path.steps()).extracting(GettingStarted.Step::id)
                .containsExactly("upload", "build", "deploy", "chat");
        assertThat(path.steps()).noneMatch(GettingStarted.Step::done);
    }

    @Test
    void eachStepIsDoneFromWhatExists() {
        given(artifacts.list(any(), eq("vision"), any(), eq(0), eq(1))).willReturn(artifacts(1));
        given(builds.counts(any(), eq("vision"))).willReturn(builds(1));

        var path = gettingStarted.forUser(DeploymentMother.developer()).orElseThrow();

        assertThat(path.steps()).extracting(GettingStarted.Step::done).containsExactly(true, true, false, false);
    }

    @Test
    void thePathIsGoneOnceArtifactBuildAndDeploymentExist() {
        given(artifacts.list(any(), eq("vision"), any(), eq(0), eq(1))).willReturn(artifacts(1));
        given(builds.counts(any(), eq("vision"))).willReturn(builds(1));
        given(deployments.countsIn("vision")).willReturn(new StatusCounts("vision", Map.of("Ready", 1)));

        assertThat(gettingStarted.forUser(DeploymentMother.developer())).isEmpty();
    }

    @Test
    void viewersWhoCannotDoTheStepsGetNoPath() {
        assertThat(gettingStarted.forUser(DeploymentMother.viewer())).isEmpty();
    }

    @Test
    void unreachableStorageHidesThePathInsteadOfFailingTheHomePage() {
        given(artifacts.list(any(), eq("vision"), any(), eq(0), eq(1)))
                .willThrow(ArtifactStorageFailure.unavailable(StorageUnavailable.unreachable(new java.io.IOException("down"))));

        assertThat(gettingStarted.forUser(DeploymentMother.developer())).isEmpty();
    }

    private static ArtifactPage artifacts(int count) {
        var items = count == 0 ? List.<ArtifactSummary>of() : List.of(new ArtifactSummary(
                "teams/vision/m/1/model.onnx", "vision", "m", "1", "model.onnx", 7, Instant.EPOCH));
        return new ArtifactPage(items, 0, 1, count, count, false);
    }

    private static Map<BuildStatus, Long> builds(long succeeded) {
        var counts = new EnumMap<BuildStatus, Long>(BuildStatus.class);
        for (var status : BuildStatus.values()) {
            counts.put(status, 0L);
        }
        counts.put(BuildStatus.SUCCEEDED, succeeded);
        counts.put(BuildStatus.FAILED, 2L);
        return counts;
    }

    @Test
    void theIntroSaysNothingRunsYetOnlyWhileNoStepIsDone() {
        var fresh = new GettingStarted.Path(List.of(new GettingStarted.Step("upload", "/artifacts", false),
                new GettingStarted.Step("build", "/ai-converge/builds", false)));
        var halfway = new GettingStarted.Path(List.of(new GettingStarted.Step("upload", "/artifacts", false),
                new GettingStarted.Step("build", "/ai-converge/builds", true)));

        assertThat(fresh.fromNothing()).isTrue();
        assertThat(halfway.fromNothing()).isFalse();
    }
}
