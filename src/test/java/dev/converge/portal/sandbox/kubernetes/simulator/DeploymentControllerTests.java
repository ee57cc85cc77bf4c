package dev.converge.portal.sandbox.kubernetes.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class DeploymentControllerTests {

    static KubernetesClient client;
    private ClusterSimulator simulator;

    @BeforeEach
    void start() {
        simulator = SimulatorMother.simulator();
        simulator.start(client);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aDeploymentGetsAReplicaSetAndPodsNamedAndOwnedLikeInKubernetesAndReportsItsStatus() {
        client.resource(deployment("web", 3, "web:1")).create();

        awaitRolledOut("web", 3);
        var replicaSet = replicaSets("web").get(0);
        var hash = replicaSet.getMetadata().getLabels().get("pod-template-hash");
        assertThat(replicaSet.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(replicaSet.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(replicaSet.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind() + "/" + owner.getName()).isEqualTo("Deployment/web"));
        assertThat(pods("web")).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).matches("web-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web").containsEntry("pod-template-hash", hash);
            assertThat(pod.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(replicaSet.getMetadata().getName());
        });
        var status = get("web").getStatus();
        assertThat(status.getObservedGeneration()).isEqualTo(get("web").getMetadata().getGeneration());
        assertThat(status.getUnavailableReplicas()).isZero();
        assertThat(status.getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                .contains("Available=True/MinimumReplicasAvailable", "Progressing=True/NewReplicaSetAvailable");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("vision")
                .list().getItems()).extracting(e -> e.getReason())
                .contains("ScalingReplicaSet", "SuccessfulCreate", "Scheduled", "Started"));
    }

    @Test
    void scalingUpAndDownChangesThePodCount() {
        client.resource(deployment("scaled", 2, "web:1")).create();
        awaitRolledOut("scaled", 2);

        client.apps().deployments().inNamespace("vision").withName("scaled").scale(5);
        awaitRolledOut("scaled", 5);

        client.apps().deployments().inNamespace("vision").withName("scaled").scale(1);
        awaitRolledOut("scaled", 1);
        assertThat(replicaSets("scaled")).hasSize(1);
    }

    @Test
    void aTemplateChangeRollsToANewReplicaSetAndARestartRollsAgain() {
        client.resource(deployment("rolling", 4, "web:1")).create();
        awaitRolledOut("rolling", 4);

        client.apps().deployments().inNamespace("vision").withName("rolling").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("web:2");
            return d;
        });
        awaitRolledOut("rolling", 4);
        assertThat(pods("rolling")).allSatisfy(pod ->
                assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("web:2"));
        assertThat(replicaSets("rolling")).hasSize(2)
                .anySatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isZero())
                .anySatisfy(rs -> assertThat(rs.getMetadata().getAnnotations())
                        .containsEntry("deployment.kubernetes.io/revision", "2"));
        var beforeRestart = pods("rolling").stream().map(pod -> pod.getMetadata().getName()).toList();

        client.apps().deployments().inNamespace("vision").withName("rolling").edit(d -> {
            d.getSpec().getTemplate().getMetadata().setAnnotations(
                    Map.of("kubectl.kubernetes.io/restartedAt", Instant.now().toString()));
            return d;
        });
        awaitRolledOut("rolling", 4);
        assertThat(pods("rolling")).extracting(pod -> pod.getMetadata().getName()).doesNotContainAnyElementsOf(beforeRestart);
        assertThat(get("rolling").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    }

    @Test
    void aPodThatDisappearsIsReplaced() {
        client.resource(deployment("healing", 2, "web:1")).create();
        awaitRolledOut("healing", 2);
        var victim = pods("healing").get(0).getMetadata().getName();

        client.pods().inNamespace("vision").withName(victim).delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pods("healing"))
                .hasSize(2).noneMatch(pod -> pod.getMetadata().getName().equals(victim)));
        awaitRolledOut("healing", 2);
    }

    @Test
    void deletingADeploymentCascadesToItsReplicaSetsPodsAndOtherOwnedObjects() {
        var created = client.resource(deployment("doomed", 2, "web:1")).create();
        client.resource(new ConfigMapBuilder()
                .withNewMetadata().withNamespace("vision").withName("doomed-config")
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                            .withName("doomed").withUid(created.getMetadata().getUid()).build())
                .endMetadata()
                .addToData("key", "value")
                .build()).create();
        awaitRolledOut("doomed", 2);

        client.apps().deployments().inNamespace("vision").withName("doomed").delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(replicaSets("doomed")).isEmpty();
            assertThat(pods("doomed")).isEmpty();
            assertThat(client.configMaps().inNamespace("vision").withName("doomed-config").get()).isNull();
        });
    }

    private void awaitRolledOut(String name, int replicas) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var deployment = get(name);
            var status = deployment.getStatus();
            assertThat(status).isNotNull();
            assertThat(status.getObservedGeneration()).isEqualTo(deployment.getMetadata().getGeneration());
            assertThat(status.getReplicas()).isEqualTo(replicas);
            assertThat(status.getUpdatedReplicas()).isEqualTo(replicas);
            assertThat(status.getReadyReplicas()).isEqualTo(replicas);
            assertThat(status.getAvailableReplicas()).isEqualTo(replicas);
            assertThat(status.getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable"));
            assertThat(pods(name)).hasSize(replicas).allMatch(Pods::isReady);
        });
    }

    private static Deployment deployment(String name, int replicas, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace("vision").withName(name).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().withContainers(SimulatorMother.container("server", "100m", "128Mi")
                                .withImage(image).build()).endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Deployment get(String name) {
        return client.apps().deployments().inNamespace("vision").withName(name).get();
    }

    private static List<ReplicaSet> replicaSets(String deployment) {
        return client.apps().replicaSets().inNamespace("vision").list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(owner -> owner.getName().equals(deployment)))
                .toList();
    }

    private static List<Pod> pods(String app) {
        return client.pods().inNamespace("vision").withLabel("app", app).list().getItems();
    }
}
