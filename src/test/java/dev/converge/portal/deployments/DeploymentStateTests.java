package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class DeploymentStateTests {

    @Test
    void readyWhenAllDesiredReplicasAreReady() {
        var deployment = deployment(2, 2, null, null);

        assertThat(DeploymentState.of(deployment)).isEqualTo(DeploymentState.READY);
        assertThat(DeploymentState.readyReplicas(deployment)).isEqualTo(2);
        assertThat(DeploymentState.desiredReplicas(deployment)).isEqualTo(2);
    }

    @Test
    void progressingWhileReplicasAreMissingAndTheRolloutHasNotGivenUp() {
        assertThat(DeploymentState.of(deployment(3, 1, "Progressing", "True")))
                .isEqualTo(DeploymentState.PROGRESSING);
    }

    @Test
    void failedWhenTheRolloutGaveUpOrPodsCannotBeCreated() {
        assertThat(DeploymentState.of(deployment(3, 1, "Progressing", "False"))).isEqualTo(DeploymentState.FAILED);
        assertThat(DeploymentState.of(deployment(3, 0, "ReplicaFailure", "True"))).isEqualTo(DeploymentState.FAILED);
    }

    @Test
    void scaledDownAtZeroReplicasWhateverTheConditions() {
        assertThat(DeploymentState.of(deployment(0, 0, "Progressing", "False")))
                .isEqualTo(DeploymentState.SCALED_DOWN);
    }

    @Test
    void anUnsetReplicaCountMeansOneAsKubernetesDefaultsIt() {
        var deployment = new DeploymentBuilder().withNewMetadata().withName("x").endMetadata().build();

        assertThat(DeploymentState.desiredReplicas(deployment)).isEqualTo(1);
        assertThat(DeploymentState.readyReplicas(deployment)).isZero();
        assertThat(DeploymentState.of(deployment)).isEqualTo(DeploymentState.PROGRESSING);
    }

    @Test
    void labelsAreWhatPagesJsonAndCountsShowInDisplayOrder() {
        assertThat(DeploymentState.labels())
                .containsExactly("Ready", "Progressing", "Unschedulable", "Failed", "ScaledDown");
    }

    @Test
    void unschedulableWhileAPodWaitsForANodeThatCanHoldIt() {
        var waiting = pod("Pending", "False", "Unschedulable");

        assertThat(DeploymentState.of(deployment(3, 1, "Progressing", "True"), List.of(waiting)))
                .isEqualTo(DeploymentState.UNSCHEDULABLE);
        assertThat(DeploymentState.of(deployment(3, 1, "Progressing", "False"), List.of(waiting)))
                .as("the reason matters more than the rollout having given up").isEqualTo(DeploymentState.UNSCHEDULABLE);
    }

    @Test
    void notUnschedulableOnceReadyOrWhilePodsAreOnlyStarting() {
        assertThat(DeploymentState.of(deployment(1, 1, null, null), List.of(pod("Pending", "False", "Unschedulable"))))
                .isEqualTo(DeploymentState.READY);
        assertThat(DeploymentState.of(deployment(2, 0, "Progressing", "True"), List.of(pod("Pending", "True", null))))
                .isEqualTo(DeploymentState.PROGRESSING);
        assertThat(DeploymentState.of(deployment(0, 0, null, null), List.of(pod("Pending", "False", "Unschedulable"))))
                .isEqualTo(DeploymentState.SCALED_DOWN);
    }

    private static Pod pod(String phase, String scheduled, String reason) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase(phase)
                .addNewCondition().withType("PodScheduled").withStatus(scheduled).withReason(reason).endCondition()
                .endStatus().build();
    }

    private static Deployment deployment(int desired, int ready, String conditionType, String conditionStatus) {
        var status = new DeploymentBuilder().withNewMetadata().withName("x").endMetadata()
                .withNewSpec().withReplicas(desired).endSpec()
                .withNewStatus().withReadyReplicas(ready);
        if (conditionType != null) {
            status.addNewCondition().withType(conditionType).withStatus(conditionStatus).endCondition();
        }
        return status.endStatus().build();
    }
}
