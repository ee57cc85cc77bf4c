package dev.converge.portal.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class BuildPodsTests {

    @Test
    void aFailedArtifactCheckIsTheBuildsMessage() {
        var pod = new PodBuilder().withNewMetadata().withName("b").withNamespace("vision").endMetadata()
                .withNewStatus().withPhase("Failed")
                .addNewInitContainerStatus().withName("fetch-artifact").withNewState().withNewTerminated()
                    .withExitCode(1).withMessage("SHA-256 mismatch: teams/vision/m/1/m.bin does not match\n")
                .endTerminated().endState().endInitContainerStatus()
                .endStatus().build();
        assertThat(BuildPods.message(pod, BuildStatus.FAILED))
                .isEqualTo("Artifact check failed (fetch-artifact, exit code 1): SHA-256 mismatch: "
                        + "teams/vision/m/1/m.bin does not match");
    }

    @Test
    void theImageABuildProducedIsReadFromItsTerminationMessagePinnedByDigest() {
        var digest = "ab".repeat(32);
        assertThat(BuildPods.image(succeeded("image: registry.example/vision/m@sha256:" + digest + "\n")))
                .isEqualTo("registry.example/vision/m@sha256:" + digest);
        // kaniko --image-name-with-digest-file=/dev/termination-log writes the bare reference
        assertThat(BuildPods.image(succeeded("registry.example/vision/m:1@sha256:" + digest)))
                .isEqualTo("registry.example/vision/m:1@sha256:" + digest);
        assertThat(BuildPods.image(succeeded("all done"))).isNull();
        assertThat(BuildPods.image(succeeded(null))).isNull();
        assertThat(BuildPods.image(succeeded("image: registry.example/vision/m:latest"))).as("not pinned").isNull();
    }

    @Test
    void aCancelledBuildIsCancelledWhateverItsPodPhaseWithWhoAndWhen() {
        var pod = new PodBuilder(succeeded(null)).editMetadata()
                .addToAnnotations("converge.dev/cancelled-by", "dev")
                .addToAnnotations("converge.dev/cancelled-at", "2026-03-01T10:00:05Z").endMetadata()
                .editStatus().withPhase("Running").endStatus().build();
        var build = BuildPods.toBuild(pod, node -> "zone-a", java.time.Clock.systemUTC());
        assertThat(build.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(build.active()).isFalse();
        assertThat(build.cancelledBy()).isEqualTo("dev");
        assertThat(build.cancelledAt()).isEqualTo(java.time.Instant.parse("2026-03-01T10:00:05Z"));
        assertThat(BuildPods.timeline(pod, build)).extracting(BuildTimeline::step).contains("cancelled");
    }

    private static io.fabric8.kubernetes.api.model.Pod succeeded(String terminationMessage) {
        return new PodBuilder().withNewMetadata().withName("b").withNamespace("vision")
                .addToLabels("converge.dev/kind", "build").endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("build").withImage("python:3.11")
                .endContainer().endSpec()
                .withNewStatus().withPhase("Succeeded").withStartTime("2026-03-01T10:00:00Z")
                .addNewContainerStatus().withName("build").withNewState().withNewTerminated()
                    .withExitCode(0).withMessage(terminationMessage).withFinishedAt("2026-03-01T10:00:10Z")
                .endTerminated().endState().endContainerStatus()
                .endStatus().build();
    }

    @Test
    void statusesParseIgnoringCaseAndRefuseTheRest() {
        assertThat(BuildStatus.parseFilter("SuCcEeDeD")).contains(BuildStatus.SUCCEEDED);
        assertThat(BuildStatus.parseFilter("ALL")).isEmpty();
        assertThatThrownBy(() -> BuildStatus.parseFilter("done")).isInstanceOf(UnknownBuildStatus.class);
    }

    @Test
    void theValidatorNamesEveryBadField() {
        var request = new BuildRequest("vision", "-bad-", "teams/vision/m/1/m.bin", "UPPER/Case", "make",
                new BuildRequest.Resources("0", "1Pi", -1), Map.of("ARTIFACT_KEY", "x"), 10, null).withDefaults();
        assertThat(BuildRequestValidator.problems(request)).containsOnlyKeys("name", "baseImage", "resources.cpu",
                "resources.memory", "resources.gpu", "env", "timeoutSeconds");
        var good = new BuildRequest("vision", "resnet-1", "teams/vision/m/1/m.bin",
                "registry.example.com:5000/team/base:1.2@sha256:" + "a".repeat(64), "make", null, Map.of("EPOCHS", "1"),
                null, null).withDefaults();
        assertThat(BuildRequestValidator.problems(good)).isEmpty();
    }

    @Test
    void userNamesBecomeValidLabelValues() {
        assertThat(BuildPods.labelValue("Jane.Doe@example.com")).isEqualTo("jane.doe-example.com");
        assertThat(BuildPods.labelValue("__x__")).isEqualTo("x");
    }
}
