package dev.converge.portal.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RagManifestsTests {

    private final RagManifests manifests = manifests();
    private final RagManifests.BaseModelTarget base =
            new RagManifests.BaseModelTarget("http://llama.vision.svc.cluster.local:8080/v1", "llama", null);

    private static RagManifests manifests() {
        var store = mock(ArtifactStore.class);
        when(store.bucketName(Bucket.DOCUMENTS)).thenReturn("rag-documents");
        var properties = mock(PortalProperties.class);
        when(properties.teams()).thenReturn(List.of());
        var security = mock(PortalProperties.Security.class);
        when(security.users()).thenReturn(List.of());
        when(properties.security()).thenReturn(security);
        return new RagManifests(RagSettings.defaults(), new TeamDirectory(properties), JsonMapper.builder().build(),
                store);
    }

    static RagModel model(String name) {
        var model = new RagModel();
        model.setMetadata(new ObjectMetaBuilder().withNamespace("vision").withName(name).withUid("uid-1")
                .withGeneration(1L).build());
        var spec = new RagModelSpec();
        spec.baseModel = new RagModelSpec.BaseModel();
        spec.baseModel.deployment = "llama";
        model.setSpec(spec);
        return model;
    }

    @Test
    void theRuntimeRunsThePortalImageInItsRoleWithTheModelsSettingsAndSecretsByReference() {
        var built = manifests.build(model("docs"), base);
        var deployment = built.deployment();

        assertThat(deployment.getMetadata().getName()).isEqualTo("rag-docs");
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("RagModel");
            assertThat(owner.getUid()).isEqualTo("uid-1");
            assertThat(owner.getController()).isTrue();
        });
        assertThat(deployment.getMetadata().getLabels()).containsEntry("converge.dev/kind", "rag")
                .containsEntry("converge.dev/rag-model", "docs").containsEntry("converge.dev/team", "vision");
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(RagSettings.defaults().runtimeImage());
        assertThat(container.getArgs()).containsExactly("--portal.role=rag-runtime");
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains(RuntimeContract.ENV_BASE_URL,
                RuntimeContract.ENV_PREFIX, RuntimeContract.ENV_S3_SECRET_KEY, RuntimeContract.ENV_TOP_K);
        assertThat(value(container.getEnv(), RuntimeContract.ENV_PREFIX)).isEqualTo("vision/docs/");
        assertThat(value(container.getEnv(), RuntimeContract.ENV_BUCKET)).isEqualTo("rag-documents");
        assertThat(value(container.getEnv(), RuntimeContract.ENV_TOP_K)).isEqualTo("4");
        var secret = container.getEnv().stream().filter(e -> e.getName().equals(RuntimeContract.ENV_S3_SECRET_KEY))
                .findFirst().orElseThrow();
        assertThat(secret.getValue()).isNull();
        assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("converge-rag-storage");
        assertThat(built.service().getSpec().getSelector()).containsEntry("converge.dev/rag-model", "docs");
        assertThat(built.service().getMetadata().getOwnerReferences()).hasSize(1);
    }

    @Test
    void zonePlacementIsTheDeploymentsOne() {
        var model = model("spread");
        model.getSpec().zones = new RagModelSpec.Zones();
        model.getSpec().zones.strategy = RagModelSpec.Strategy.multi;
        model.getSpec().zones.zones = List.of("zone-a", "zone-b");

        var pod = manifests.build(model, base).deployment().getSpec().getTemplate().getSpec();

        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues())
                .containsExactly("zone-a", "zone-b");
        assertThat(pod.getTopologySpreadConstraints()).singleElement()
                .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
    }

    @Test
    void aChangedSpecMakesTheDeploymentStaleAndRollsThePods() {
        var model = model("docs");
        var deployment = manifests.build(model, base).deployment();
        assertThat(manifests.upToDate(deployment, model, base)).isTrue();

        model.getSpec().retrieval = new RagModelSpec.Retrieval();
        model.getSpec().retrieval.topK = 8;

        assertThat(manifests.upToDate(deployment, model, base)).isFalse();
        var rolled = manifests.build(model, base).deployment();
        assertThat(rolled.getSpec().getTemplate().getMetadata().getAnnotations())
                .isNotEqualTo(deployment.getSpec().getTemplate().getMetadata().getAnnotations());
    }

    private static String value(List<EnvVar> env, String name) {
        return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }
}
