package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(DeploymentState.labels()).containsExactly("Ready", "Progressing", "Failed", "ScaledDown");
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
