package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.platform.storage.ObjectNotFound;
import dev.converge.portal.security.Role;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class DeploymentValidatorTests {

    private final Zones zones = mock(Zones.class);
    private final KubernetesCaches caches = mock(KubernetesCaches.class);
    private final ArtifactStore artifacts = mock(ArtifactStore.class);
    private final DeploymentValidator validator = new DeploymentValidator(zones, caches, artifacts,
            DeploymentMother.teams(), DeploymentSettings.defaults());

    @BeforeEach
    void cluster() {
        when(zones.names()).thenReturn(new TreeSet<>(List.of("zone-a", "zone-b", "zone-c")));
        when(zones.gpuTypesIn("zone-a")).thenReturn(new TreeSet<>(List.of("nvidia-a100-80gb")));
        when(zones.gpuTypesIn("zone-b")).thenReturn(new TreeSet<>(List.of("nvidia-l4")));
        when(zones.gpuTypesIn("zone-c")).thenReturn(new TreeSet<>());
        when(zones.closure(anyString())).thenReturn(Optional.empty());
        when(zones.closure("zone-c")).thenReturn(Optional.of(new ZoneClosure("zone-c", "maintenance until Friday",
                "admin", Instant.now())));
        when(artifacts.bucketName(Bucket.ARTIFACTS)).thenReturn("models");
        when(caches.get(eq(Deployment.class), anyString(), anyString())).thenReturn(Optional.empty());
    }

    @Test
    void aGoodSpecPassesWithItsDefaultsFilledIn() {
        var spec = new DeploymentSpec("vision", "resnet", "registry.local/vision/resnet:1.0", null, null, null,
                null, null, null, null, null, null);

        var checked = validator.validateNew(spec, DeploymentMother.developer());

        assertThat(checked.port()).isEqualTo(8080);
        assertThat(checked.replicas()).isEqualTo(1);
        assertThat(checked.zones().strategy()).isEqualTo("any");
        assertThat(checked.resources().cpu()).isEqualTo("500m");
    }

    @Test
    void aMultiZoneGpuSpecWithAutoscalingPasses() {
        var spec = DeploymentMother.multiZoneWithAutoscaling();
        when(zones.gpuTypesIn("zone-b")).thenReturn(new TreeSet<>(List.of("nvidia-l4", "nvidia-a100-80gb")));

        assertThat(validator.validateNew(spec, DeploymentMother.developer()).autoscaling().maxReplicas()).isEqualTo(6);
    }

    static List<Arguments> badInput() {
        return List.of(
                bad("name", s -> with(s, "name", "Res_Net"), "DNS-1123"),
                bad("name", s -> with(s, "name", "9lives"), "DNS-1123"),
                bad("name", s -> with(s, "name", "a".repeat(64)), "DNS-1123"),
                bad("image", s -> with(s, "image", "Registry/UPPER:1"), "not a valid image reference"),
                bad("image", s -> with(s, "image", "server:bad tag"), "not a valid image reference"),
                bad("resources.cpu", s -> resources(s, "two", "1Gi", 0, null), "CPU amount"),
                bad("resources.cpu", s -> resources(s, "-1", "1Gi", 0, null), "CPU amount"),
                bad("resources.memory", s -> resources(s, "1", "lots", 0, null), "memory amount"),
                bad("resources.memory", s -> resources(s, "1", "512m", 0, null), "memory amount"),
                bad("resources.gpuType", s -> resources(s, "1", "1Gi", 1, null), "choose the GPU type"),
                bad("replicas", s -> s.withReplicas(101), "between 0 and 100"),
                bad("replicas", s -> s.withReplicas(-1), "between 0 and 100"),
                bad("port", s -> with(s, "port", 70000), "port number"),
                bad("protocol", s -> with(s, "protocol", "grpc"), "openai, kserve-v2, http"),
                bad("autoscaling.maxReplicas", s -> autoscaling(s, 5, 2), "at least the minimum (5)"),
                bad("autoscaling.maxReplicas", s -> autoscaling(s, 1, 500), "at most 100"),
                bad("zones.zones", s -> zones(s, "multi", "zone-a"), "at least two different zones"),
                bad("zones.zones", s -> zones(s, "single", "zone-a", "zone-b"), "exactly one zone"),
                bad("zones.zones", s -> zones(s, "single", "zone-z"), "there is no zone zone-z"),
                bad("zones.zones", s -> zones(s, "single", "zone-c"), "closed to new deployments: maintenance"),
                bad("zones.strategy", s -> zones(s, "everywhere"), "any, single, multi"),
                bad("resources.gpuType", s -> zones(resources(s, "1", "1Gi", 1, "nvidia-l4"), "single", "zone-a"),
                        "zone-a has no nvidia-l4 GPU nodes"),
                bad("resources.gpuType", s -> resources(s, "1", "1Gi", 1, "nvidia-h100"), "no zone has nvidia-h100"),
                bad("env", s -> with(s, "env", Map.of("1BAD", "x")), "variable names"),
                bad("modelUri", s -> with(s, "modelUri", "http://models/x"), "s3://models/"),
                bad("modelUri", s -> with(s, "modelUri", "s3://other/x"), "artifacts bucket"),
                bad("modelUri", s -> with(s, "modelUri", "s3://models/teams/vision/missing/1/missing.onnx"),
                        "no object teams/vision/missing/1/missing.onnx"),
                bad("modelUri", s -> with(s, "modelUri", "s3://models/teams/vision/../language/m/1/m.onnx"), "'..'"),
                bad("modelUri", s -> with(s, "modelUri", "s3://models/teams/vision/%2e%2e/language/m/1/m.onnx"),
                        "%-escapes"),
                bad("modelUri", s -> with(s, "modelUri", "s3://models/teams/vision/%2E%2e/language/m/1/m.onnx"),
                        "%-escapes"),
                bad("modelUri", s -> with(s, "modelUri", "s3://models/teams/vision//m/1/m.onnx"), "empty segments"),
                bad("modelUri", s -> with(s, "modelUri", "s3://models/teams/vision/m/1/" + "a".repeat(10 * 1024)),
                        "longer than"),
                bad("modelUri", s -> with(s, "modelUri", "s3://models/teams/vision/m/m.onnx"), "must name an artifact"),
                bad("namespace", s -> with(s, "namespace", ""), "choose one of your team namespaces"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badInput")
    void badInputIsExplainedBesideItsField(String field, UnaryOperator<DeploymentSpec> change, String message) {
        when(artifacts.stat(Bucket.ARTIFACTS, "teams/vision/missing/1/missing.onnx"))
                .thenThrow(ObjectNotFound.key("teams/vision/missing/1/missing.onnx", null));

        assertThatThrownBy(() -> validator.validateNew(change.apply(DeploymentMother.spec()),
                DeploymentMother.developer()))
                .isInstanceOfSatisfying(InvalidDeployment.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.fieldErrors()).containsKey(field);
                    assertThat(Messages.field(e, field)).contains(message);
                });
    }

    @Test
    void anotherTeamsNamespaceIsForbidden() {
        assertThatThrownBy(() -> validator.validateNew(with(DeploymentMother.spec(), "namespace", "language"),
                DeploymentMother.developer()))
                .isInstanceOfSatisfying(DeploymentAccessDenied.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://models/teams/language/secret/1/model.onnx", "s3://models/shared/model.onnx",
            "s3://models/teams/visionary/m/1/model.onnx"})
    void anArtifactOutsideTheDeploymentsTeamIsForbiddenBeforeItIsLookedUp(String modelUri) {
        var spec = with(DeploymentMother.spec(), "modelUri", modelUri);

        for (var validation : List.<Runnable>of(() -> validator.validateNew(spec, DeploymentMother.admin()),
                () -> validator.validateChange(spec, DeploymentMother.spec(), DeploymentMother.developer()))) {
            assertThatThrownBy(validation::run).isInstanceOfSatisfying(DeploymentAccessDenied.class, e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                assertThat(e.fieldErrors()).containsKey("modelUri");
            });
        }
        verify(artifacts, never()).stat(any(), anyString());
    }

    @Test
    void viewersMayNotDeployEvenInTheirOwnNamespace() {
        assertThatThrownBy(() -> validator.validateNew(DeploymentMother.spec(), DeploymentMother.viewer()))
                .isInstanceOf(DeploymentAccessDenied.class);
    }

    @Test
    void anAdminGetsAFieldErrorForANamespaceNoTeamOwns() {
        assertThatThrownBy(() -> validator.validateNew(with(DeploymentMother.spec(), "namespace", "kube-system"),
                DeploymentMother.user("root", Role.ADMIN)))
                .isInstanceOfSatisfying(InvalidDeployment.class,
                        e -> assertThat(Messages.field(e, "namespace")).contains("no team owns"));
    }

    @Test
    void aTakenNameIsAConflict() {
        when(caches.get(Deployment.class, "vision", "resnet")).thenReturn(Optional.of(new Deployment()));

        assertThatThrownBy(() -> validator.validateNew(DeploymentMother.spec(), DeploymentMother.developer()))
                .isInstanceOfSatisfying(DeploymentAlreadyExists.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
    }

    @Test
    void anExistingDeploymentMayStayInAZoneClosedSince() {
        var inZoneC = zones(DeploymentMother.spec(), "single", "zone-c");

        assertThat(validator.validateChange(inZoneC, inZoneC, DeploymentMother.developer()).zones().zones())
                .containsExactly("zone-c");
    }

    @Test
    void capacityAndScheduleAreOneOfTheirValuesAndDefaultToOnDemandAlways() {
        var defaults = validator.validateNew(DeploymentMother.spec(), DeploymentMother.developer());
        assertThat(defaults.capacity()).isEqualTo("on-demand");
        assertThat(defaults.schedule()).isEqualTo("always");
        var chosen = validator.validateNew(running(DeploymentMother.spec(), "spot", "working-hours"),
                DeploymentMother.developer());
        assertThat(chosen.spot()).isTrue();
        assertThat(chosen.workingHoursOnly()).isTrue();

        assertThatThrownBy(() -> validator.validateNew(running(DeploymentMother.spec(), "<script>", "../nights"),
                DeploymentMother.developer()))
                .isInstanceOfSatisfying(InvalidDeployment.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.fieldErrors()).containsEntry("capacity", "deployments.error.capacity")
                            .containsEntry("schedule", "deployments.error.schedule");
                    assertThat(e.fieldArgs("capacity")).containsExactly("on-demand, spot");
                    assertThat(e.fieldArgs("schedule")).containsExactly("always, working-hours");
                });
    }

    static DeploymentSpec running(DeploymentSpec s, String capacity, String schedule) {
        return new DeploymentSpec(s.namespace(), s.name(), s.image(), s.modelUri(), s.port(), s.protocol(),
                s.resources(), s.replicas(), s.zones(), s.autoscaling(), s.env(), s.resourceVersion(),
                s.mlflowModel(), capacity, schedule);
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        var spec = resources(with(with(DeploymentMother.spec(), "name", "Bad Name"), "image", "::"), "two", "x", 0,
                null);

        assertThatThrownBy(() -> validator.validateNew(spec, DeploymentMother.developer()))
                .isInstanceOfSatisfying(InvalidDeployment.class, e -> assertThat(e.fieldErrors())
                        .containsKeys("name", "image", "resources.cpu", "resources.memory"));
    }

    private static Arguments bad(String field, UnaryOperator<DeploymentSpec> change, String message) {
        return Arguments.of(field, change, message);
    }

    @SuppressWarnings("unchecked")
    static DeploymentSpec with(DeploymentSpec s, String field, Object value) {
        return new DeploymentSpec(
                field.equals("namespace") ? (String) value : s.namespace(),
                field.equals("name") ? (String) value : s.name(),
                field.equals("image") ? (String) value : s.image(),
                field.equals("modelUri") ? (String) value : s.modelUri(),
                field.equals("port") ? (Integer) value : s.port(),
                field.equals("protocol") ? (String) value : s.protocol(),
                s.resources(), s.replicas(), s.zones(), s.autoscaling(),
                field.equals("env") ? (Map<String, String>) value : s.env(), s.resourceVersion());
    }

    static DeploymentSpec resources(DeploymentSpec s, String cpu, String memory, int gpu, String gpuType) {
        return new DeploymentSpec(s.namespace(), s.name(), s.image(), s.modelUri(), s.port(), s.protocol(),
                new DeploymentSpec.Resources(cpu, memory, gpu, gpuType), s.replicas(), s.zones(), s.autoscaling(),
                s.env(), s.resourceVersion());
    }

    static DeploymentSpec zones(DeploymentSpec s, String strategy, String... zones) {
        return new DeploymentSpec(s.namespace(), s.name(), s.image(), s.modelUri(), s.port(), s.protocol(),
                s.resources(), s.replicas(), new DeploymentSpec.Placement(strategy, List.of(zones)), s.autoscaling(),
                s.env(), s.resourceVersion());
    }

    static DeploymentSpec autoscaling(DeploymentSpec s, int min, int max) {
        return new DeploymentSpec(s.namespace(), s.name(), s.image(), s.modelUri(), s.port(), s.protocol(),
                s.resources(), s.replicas(), s.zones(), new DeploymentSpec.Autoscaling(true, min, max, 80), s.env(),
                s.resourceVersion());
    }
}
