package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DeploymentManifestsTests {

    private final DeploymentManifests manifests = new DeploymentManifests(DeploymentMother.teams(),
            DeploymentSettings.defaults(), JsonMapper.builder().build());

    @Test
    void everyObjectCarriesThePortalsLabels() {
        var built = manifests.build(DeploymentMother.multiZoneWithAutoscaling(), "alice@example.com");

        var expected = Map.of("app.kubernetes.io/managed-by", "converge-portal", "app.kubernetes.io/name", "resnet",
                "converge.dev/team", "vision", "converge.dev/kind", "model",
                "converge.dev/created-by", "alice-example.com");
        assertThat(built.deployment().getMetadata().getLabels()).containsAllEntriesOf(expected);
        assertThat(built.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(expected);
        assertThat(built.service().getMetadata().getLabels()).containsAllEntriesOf(expected);
        assertThat(built.autoscaler().getMetadata().getLabels()).containsAllEntriesOf(expected);
    }

    @Test
    void spotPodsGetTheConfiguredNodeSelectorAndTolerationBesideTheGpuOnes() {
        var spot = DeploymentValidatorTests.running(DeploymentMother.multiZoneWithAutoscaling(), "spot", null);

        var pod = manifests.build(spot, "dev").deployment().getSpec().getTemplate().getSpec();

        assertThat(pod.getNodeSelector()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "nvidia.com/gpu.product", "nvidia-a100-80gb", "karpenter.sh/capacity-type", "spot"));
        assertThat(pod.getTolerations()).extracting(t -> t.getKey() + " " + t.getOperator() + " " + t.getValue()
                + " " + t.getEffect()).containsExactlyInAnyOrder("nvidia.com/gpu Exists null NoSchedule",
                "karpenter.sh/capacity-type Equal spot NoSchedule");
        assertThat(manifests.storedSpec(manifests.build(spot, "dev").deployment()).orElseThrow().capacity())
                .isEqualTo("spot");
    }

    @Test
    void spotSettingsComeFromConfiguration() {
        var settings = DeploymentSettings.defaults();
        var gke = new DeploymentSettings(settings.maxReplicas(), settings.modelStorageSecret(),
                settings.modelDownloaderImage(), settings.revisionsKept(), settings.clusterDomain(),
                new DeploymentSettings.Spot(Map.of("cloud.google.com/gke-spot", "true"),
                        new DeploymentSettings.Toleration("cloud.google.com/gke-spot", "Exists", null, "NoSchedule")),
                settings.scheduleInterval());
        var onGke = new DeploymentManifests(DeploymentMother.teams(), gke, JsonMapper.builder().build());

        var pod = onGke.build(DeploymentValidatorTests.running(DeploymentMother.spec(), "spot", null), "dev")
                .deployment().getSpec().getTemplate().getSpec();

        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("cloud.google.com/gke-spot", "true"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getValue()).isNull();
        });
    }

    @Test
    void aSpotNodeIsOneCarryingEveryLabelOfTheConfiguredSpotSelector() {
        assertThat(manifests.isSpotNode(Map.of("karpenter.sh/capacity-type", "spot", "kubernetes.io/os", "linux")))
                .isTrue();
        assertThat(manifests.isSpotNode(Map.of("karpenter.sh/capacity-type", "on-demand"))).isFalse();
        assertThat(manifests.isSpotNode(Map.of())).isFalse();
        assertThat(manifests.isSpotNode(null)).isFalse();
        var settings = DeploymentSettings.defaults();
        var gke = new DeploymentManifests(DeploymentMother.teams(), new DeploymentSettings(settings.maxReplicas(),
                settings.modelStorageSecret(), settings.modelDownloaderImage(), settings.revisionsKept(),
                settings.clusterDomain(), new DeploymentSettings.Spot(Map.of("cloud.google.com/gke-spot", "true",
                        "pool", "spare"), new DeploymentSettings.Toleration(null, null, null, null)),
                settings.scheduleInterval()), JsonMapper.builder().build());
        assertThat(gke.isSpotNode(Map.of("cloud.google.com/gke-spot", "true", "pool", "spare"))).isTrue();
        // every label of the selector, not some of them
        assertThat(gke.isSpotNode(Map.of("cloud.google.com/gke-spot", "true"))).isFalse();
        assertThat(gke.isSpotNode(Map.of("karpenter.sh/capacity-type", "spot"))).isFalse();
    }

    @Test
    void onDemandPodsHaveNoSpotSelectorOrToleration() {
        var pod = manifests.build(DeploymentMother.spec(), "dev").deployment().getSpec().getTemplate().getSpec();

        assertThat(pod.getNodeSelector()).isNullOrEmpty();
        assertThat(pod.getTolerations()).isNullOrEmpty();
    }

    @Test
    void multiZoneSpreadsEvenlyOverTheChosenZonesOnly() {
        var pod = manifests.build(DeploymentMother.multiZoneWithAutoscaling(), "dev").deployment().getSpec()
                .getTemplate().getSpec();

        var spread = pod.getTopologySpreadConstraints();
        assertThat(spread).hasSize(1);
        assertThat(spread.get(0).getMaxSkew()).isEqualTo(1);
        assertThat(spread.get(0).getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(spread.get(0).getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
        var term = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0);
        assertThat(term.getKey()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(term.getOperator()).isEqualTo("In");
        assertThat(term.getValues()).containsExactly("zone-a", "zone-b");
    }

    @Test
    void singleZonePinsWithRequiredAffinityAndNoSpread() {
        var spec = DeploymentValidatorTests.zones(DeploymentMother.spec(), "single", "zone-b");

        var pod = manifests.build(spec, "dev").deployment().getSpec().getTemplate().getSpec();

        assertThat(pod.getTopologySpreadConstraints()).isEmpty();
        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues()).containsExactly("zone-b");
    }

    @Test
    void anyZoneHasNoAffinity() {
        var pod = manifests.build(DeploymentMother.spec(), "dev").deployment().getSpec().getTemplate().getSpec();

        assertThat(pod.getAffinity()).isNull();
    }

    @Test
    void gpusAreLimitedAndSelectedByType() {
        var pod = manifests.build(DeploymentMother.multiZoneWithAutoscaling(), "dev").deployment().getSpec()
                .getTemplate().getSpec();

        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.product", "nvidia-a100-80gb");
        assertThat(server(pod.getContainers()).getResources().getLimits())
                .containsEntry("nvidia.com/gpu", new Quantity("1"));
    }

    @Test
    void podsRunRestrictedWithProbesOnTheServingPort() {
        var pod = manifests.build(DeploymentMother.spec(), "dev").deployment().getSpec().getTemplate().getSpec();
        var server = server(pod.getContainers());

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(server.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(server.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(server.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(server.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8080);
        assertThat(server.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(server.getEnv()).anySatisfy(env -> assertThat(env.getName()).isEqualTo("LOG_LEVEL"));
    }

    @Test
    void theModelIsDownloadedBeforeTheServerStartsWithKeysFromASecret() {
        var spec = DeploymentValidatorTests.with(DeploymentMother.spec(), "modelUri", "s3://models/vision/resnet");

        var deployment = manifests.build(spec, "dev").deployment();
        var pod = deployment.getSpec().getTemplate().getSpec();

        var init = pod.getInitContainers().get(0);
        assertThat(init.getVolumeMounts()).anySatisfy(mount ->
                assertThat(mount.getMountPath()).isEqualTo("/mnt/models"));
        assertThat(init.getEnv()).filteredOn(env -> env.getName().startsWith("S3_")).allSatisfy(env ->
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("converge-model-storage"));
        assertThat(init.getEnv()).filteredOn(env -> env.getName().equals("MODEL_PATH"))
                .extracting(env -> env.getValue()).containsExactly("models/vision/resnet");
        assertThat(server(pod.getContainers()).getVolumeMounts().get(0).getReadOnly()).isTrue();
        var yaml = Serialization.asYaml(deployment);
        assertThat(yaml).contains("secretKeyRef").doesNotContainIgnoringCase("password");
    }

    @Test
    void theServiceAndAutoscalerTargetTheDeployment() {
        var built = manifests.build(DeploymentMother.multiZoneWithAutoscaling(), "dev");

        assertThat(built.service().getSpec().getSelector())
                .isEqualTo(built.deployment().getSpec().getSelector().getMatchLabels());
        assertThat(built.service().getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        var hpa = built.autoscaler().getSpec();
        assertThat(hpa.getScaleTargetRef().getName()).isEqualTo("resnet");
        assertThat(hpa.getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(manifests.build(DeploymentMother.spec(), "dev").autoscaler()).isNull();
    }

    @Test
    void withAutoscalingTheDeploymentStartsWithinMinAndMaxNotBelowTheMinimum() {
        assertThat(replicasOf(autoscaled(1, 3, 6))).isEqualTo(3);
        assertThat(replicasOf(autoscaled(4, 3, 6))).isEqualTo(4);
        assertThat(replicasOf(autoscaled(9, 3, 6))).isEqualTo(6);
        assertThat(replicasOf(DeploymentMother.spec().withReplicas(1))).isEqualTo(1);
        assertThat(replicasOf(DeploymentMother.spec().withReplicas(0))).isEqualTo(0);
    }

    @Test
    void theStoredSpecKeepsTheReplicasTheUserAskedFor() {
        var spec = autoscaled(1, 3, 6);

        assertThat(manifests.storedSpec(manifests.build(spec, "dev").deployment()).orElseThrow().replicas())
                .isEqualTo(1);
    }

    private int replicasOf(DeploymentSpec spec) {
        return manifests.build(spec, "dev").deployment().getSpec().getReplicas();
    }

    private static DeploymentSpec autoscaled(int replicas, int min, int max) {
        var s = DeploymentMother.multiZoneWithAutoscaling();
        return new DeploymentSpec(s.namespace(), s.name(), s.image(), s.modelUri(), s.port(), s.protocol(),
                s.resources(), replicas, s.zones(), new DeploymentSpec.Autoscaling(true, min, max, 70), s.env(), null);
    }

    @Test
    void theSpecCanBeReadBackFromTheDeployment() {
        var spec = DeploymentMother.multiZoneWithAutoscaling();

        var stored = manifests.storedSpec(manifests.build(spec, "dev").deployment());

        assertThat(stored).contains(spec.withDefaults());
    }

    private static Container server(List<Container> containers) {
        return containers.stream().filter(c -> c.getName().equals("server")).findFirst().orElseThrow();
    }
}
