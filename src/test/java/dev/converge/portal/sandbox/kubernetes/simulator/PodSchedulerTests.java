package dev.converge.portal.sandbox.kubernetes.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PodSchedulerTests {

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
    void requiredNodeAffinityPinsPodsToTheirZone() {
        for (int i = 0; i < 4; i++) {
            client.resource(inZones(SimulatorMother.pod("vision", "pinned-" + i), "zone-b").build()).create();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(zonesOf("pinned-"))
                .hasSize(4).allMatch("zone-b"::equals));
        assertThat(client.pods().inNamespace("vision").withName("pinned-0").get().getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("PodScheduled=True"));
    }

    @Test
    void topologySpreadKeepsPodsEvenAcrossTheChosenZones() {
        for (int i = 0; i < 6; i++) {
            var pod = inZones(SimulatorMother.pod("vision", "spread-" + i), "zone-a", "zone-c")
                    .editMetadata().withLabels(Map.of("app", "spread")).endMetadata()
                    .editSpec().withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                            .withMaxSkew(1).withTopologyKey(NodeFleet.ZONE_LABEL).withWhenUnsatisfiable("DoNotSchedule")
                            .withNewLabelSelector().addToMatchLabels("app", "spread").endLabelSelector()
                            .build()).endSpec()
                    .build();
            client.resource(pod).create();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var zones = zonesOf("spread-");
            assertThat(zones).hasSize(6);
            assertThat(zones.stream().collect(Collectors.groupingBy(zone -> zone, Collectors.counting())))
                    .containsOnly(Map.entry("zone-a", 3L), Map.entry("zone-c", 3L));
        });
    }

    @Test
    void requestsFitIntoWhatIsLeftOnANode() {
        // 4-core nodes keep 3.9 cores allocatable: two 3-core pods never share a node.
        for (int i = 0; i < 2; i++) {
            client.resource(inZones(new PodBuilder(SimulatorMother.pod("vision", "big-" + i).build())
                    .editSpec().withContainers(SimulatorMother.container("main", "3", "1Gi").build()).endSpec(),
                    "zone-c").build()).create();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var nodes = pods("big-").stream().map(pod -> pod.getSpec().getNodeName()).toList();
            assertThat(nodes).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
        });
    }

    @Test
    void aGpuPodThatFitsNowhereStaysPendingWithTheSchedulersReasonAndRunsOnceGpusAreFree() {
        var gpus = new PodBuilder(SimulatorMother.pod("vision", "trainer").build())
                .editSpec().editFirstContainer().editResources()
                    .addToLimits(Resources.GPU, new Quantity("4")).endResources().endContainer().endSpec()
                .build();
        client.resource(gpus).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> Pods.isRunning(get("trainer")));

        var second = new PodBuilder(gpus).editMetadata().withName("trainer-2").endMetadata().build();
        client.resource(second).create();

        var expectedMessage = "0/7 nodes are available: 7 Insufficient nvidia.com/gpu.";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var event = client.v1().events().inNamespace("vision").list().getItems().stream()
                    .filter(e -> "trainer-2".equals(e.getInvolvedObject().getName())
                            && "FailedScheduling".equals(e.getReason()))
                    .findFirst();
            assertThat(event).hasValueSatisfying(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).isEqualTo(expectedMessage);
                assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
            });
        });
        var pending = get("trainer-2");
        assertThat(Pods.phase(pending)).isEqualTo("Pending");
        assertThat(pending.getSpec().getNodeName()).isNull();
        assertThat(pending.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
        });

        client.pods().inNamespace("vision").withName("trainer").delete();

        await().atMost(Duration.ofSeconds(15)).until(() -> Pods.isRunning(get("trainer-2")));
    }

    @Test
    void theMessageCountsEachReasonAcrossNodes() {
        var pod = inZones(new PodBuilder(SimulatorMother.pod("vision", "l4-wanted").build())
                .editSpec().editFirstContainer().editResources()
                    .addToRequests(Resources.GPU, new Quantity("1")).endResources().endContainer().endSpec(), "zone-b")
                .build();
        client.resource(pod).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(conditionsOf("l4-wanted"))
                .anySatisfy(c -> assertThat(c.getMessage()).isEqualTo(
                        "0/7 nodes are available: 2 Insufficient nvidia.com/gpu, "
                                + "5 node(s) didn't match Pod's node affinity/selector.")));
    }

    private static PodBuilder inZones(PodBuilder pod, String... zones) {
        return pod.editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewNodeSelectorTerm().withMatchExpressions(new NodeSelectorRequirementBuilder()
                            .withKey(NodeFleet.ZONE_LABEL).withOperator("In").withValues(zones).build())
                    .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec();
    }

    private static List<io.fabric8.kubernetes.api.model.PodCondition> conditionsOf(String name) {
        var status = get(name).getStatus();
        return status == null || status.getConditions() == null ? List.of() : status.getConditions();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("vision").withName(name).get();
    }

    private static List<Pod> pods(String prefix) {
        return client.pods().inNamespace("vision").list().getItems().stream()
                .filter(pod -> pod.getMetadata().getName().startsWith(prefix)).toList();
    }

    private static List<String> zonesOf(String prefix) {
        var zones = client.nodes().list().getItems().stream().collect(Collectors.toMap(
                node -> node.getMetadata().getName(), node -> node.getMetadata().getLabels().get(NodeFleet.ZONE_LABEL)));
        return pods(prefix).stream().filter(Pods::isBound).map(pod -> zones.get(pod.getSpec().getNodeName())).toList();
    }
}
