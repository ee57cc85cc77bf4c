package dev.converge.portal.rag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.platform.kubernetes.ZonePlacement;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The objects that run a {@link RagModel}: a Deployment of the runtime (the portal's own image in the
 * {@code rag-runtime} role unless the model names another) and a Service in front of it, both owned by the
 * RagModel (deleted with it) and labelled {@code converge.dev/*}. Storage keys and API keys come from Secrets by
 * reference, never inline. A hash of the spec on the pod template rolls the pods when the spec changes.
 */
@Component
class RagManifests {

    static final String KIND_LABEL = "converge.dev/kind";
    static final String KIND = "rag";
    static final String MODEL_LABEL = RagModel.MODEL_LABEL;
    static final String TEAM_LABEL = "converge.dev/team";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String SPEC_HASH_ANNOTATION = "converge.dev/rag-spec-hash";
    static final String CONTAINER = "runtime";
    static final String PREFIX = "rag-";

    private final RagSettings settings;
    private final TeamDirectory teams;
    private final JsonMapper json;
    private final String documentsBucket;

    RagManifests(RagSettings settings, TeamDirectory teams, JsonMapper json, ArtifactStore store) {
        this.settings = settings;
        this.teams = teams;
        this.json = json;
        this.documentsBucket = store.bucketName(Bucket.DOCUMENTS);
    }

    /** The base model as the runtime reaches it: an OpenAI-compatible base URL and the model's name. */
    record BaseModelTarget(String url, String model, String secretRef) {
    }

    record Manifests(Deployment deployment, Service service) {
    }

    /** The name of the runtime's Deployment and Service: prefixed, so a RAG model never meets a deployment's. */
    static String workloadName(String ragModel) {
        return PREFIX + ragModel;
    }

    static Map<String, String> selector(String ragModel) {
        return Map.of(MODEL_LABEL, ragModel, KIND_LABEL, KIND);
    }

    Manifests build(RagModel model, BaseModelTarget base) {
        var meta = model.getMetadata();
        var name = workloadName(meta.getName());
        var labels = new LinkedHashMap<String, String>();
        labels.put(MANAGED_BY_LABEL, "converge-portal");
        labels.put(NAME_LABEL, name);
        labels.put(KIND_LABEL, KIND);
        labels.put(MODEL_LABEL, meta.getName());
        labels.put(TEAM_LABEL, teams.teamOf(meta.getNamespace()));
        var owner = owner(model);
        var hash = specHash(model.getSpec(), base);
        var spec = RagDefaults.of(model);
        var podSpec = new PodSpecBuilder()
                .withEnableServiceLinks(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
                    .endSeccompProfile().endSecurityContext()
                .addNewContainer()
                    .withName(CONTAINER)
                    .withImage(spec.image(settings))
                    .withArgs(RuntimeContract.ROLE_ARG)
                    .withEnv(env(model, base))
                    .addNewPort().withName("http").withContainerPort(settings.runtimePort()).withProtocol("TCP")
                        .endPort()
                    .withNewResources().withRequests(resources(spec)).withLimits(resources(spec)).endResources()
                    .withNewReadinessProbe().withNewHttpGet().withPath(RuntimeContract.PATH_READINESS)
                        .withPort(new IntOrString("http")).endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                    .withNewLivenessProbe().withNewHttpGet().withPath(RuntimeContract.PATH_HEALTH)
                        .withPort(new IntOrString("http")).endHttpGet().withPeriodSeconds(15).endLivenessProbe()
                    .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer();
        ZonePlacement.apply(podSpec, spec.zoneStrategy(), spec.zones(), selector(meta.getName()));
        var deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(meta.getNamespace()).withLabels(labels)
                    .withAnnotations(Map.of(SPEC_HASH_ANNOTATION, hash)).withOwnerReferences(owner).endMetadata()
                .withNewSpec()
                    .withReplicas(spec.replicas())
                    .withNewSelector().withMatchLabels(selector(meta.getName())).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(Map.of(SPEC_HASH_ANNOTATION, hash))
                        .endMetadata()
                        .withSpec(podSpec.build())
                    .endTemplate()
                .endSpec().build();
        var service = new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(meta.getNamespace()).withLabels(labels)
                    .withOwnerReferences(owner).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector(meta.getName()))
                    .addNewPort().withName("http").withPort(settings.runtimePort())
                        .withTargetPort(new IntOrString("http")).withProtocol("TCP").endPort()
                .endSpec().build();
        return new Manifests(deployment, service);
    }

    /** Whether a Deployment was built from this spec (and base model) already. */
    boolean upToDate(Deployment deployment, RagModel model, BaseModelTarget base) {
        var annotations = deployment.getMetadata().getAnnotations();
        return annotations != null && specHash(model.getSpec(), base).equals(annotations.get(SPEC_HASH_ANNOTATION));
    }

    static OwnerReference owner(RagModel model) {
        return new OwnerReferenceBuilder().withApiVersion(RagModel.API_VERSION).withKind(RagModel.KIND)
                .withName(model.getMetadata().getName()).withUid(model.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private List<EnvVar> env(RagModel model, BaseModelTarget base) {
        var spec = RagDefaults.of(model);
        var meta = model.getMetadata();
        var env = new ArrayList<EnvVar>();
        env.add(plain(RuntimeContract.ENV_NAMESPACE, meta.getNamespace()));
        env.add(plain(RuntimeContract.ENV_NAME, meta.getName()));
        env.add(plain(RuntimeContract.ENV_PORT, String.valueOf(settings.runtimePort())));
        env.add(plain(RuntimeContract.ENV_BASE_URL, base.url()));
        env.add(plain(RuntimeContract.ENV_BASE_MODEL, base.model()));
        if (base.secretRef() != null) {
            env.add(secret(RuntimeContract.ENV_BASE_API_KEY, base.secretRef(), RuntimeContract.SECRET_API_KEY));
        }
        env.add(plain(RuntimeContract.ENV_EMBEDDING_MODEL, spec.embeddingModel()));
        var embedding = spec.embeddingEndpoint();
        if (embedding != null) {
            env.add(plain(RuntimeContract.ENV_EMBEDDING_URL, embedding.url));
            if (embedding.secretRef != null) {
                env.add(secret(RuntimeContract.ENV_EMBEDDING_API_KEY, embedding.secretRef,
                        RuntimeContract.SECRET_API_KEY));
            }
        }
        env.add(plain(RuntimeContract.ENV_BUCKET, spec.bucketOrNull() == null ? documentsBucket : spec.bucket()));
        env.add(plain(RuntimeContract.ENV_PREFIX, spec.prefix()));
        env.add(secret(RuntimeContract.ENV_S3_ENDPOINT, settings.storageSecret(), RuntimeContract.SECRET_ENDPOINT));
        env.add(secret(RuntimeContract.ENV_S3_ACCESS_KEY, settings.storageSecret(),
                RuntimeContract.SECRET_ACCESS_KEY));
        env.add(secret(RuntimeContract.ENV_S3_SECRET_KEY, settings.storageSecret(),
                RuntimeContract.SECRET_SECRET_KEY));
        env.add(plain(RuntimeContract.ENV_TOP_K, String.valueOf(spec.topK())));
        env.add(plain(RuntimeContract.ENV_CHUNK_SIZE, String.valueOf(spec.chunkSize())));
        env.add(plain(RuntimeContract.ENV_CHUNK_OVERLAP, String.valueOf(spec.chunkOverlap())));
        env.add(plain(RuntimeContract.ENV_SCORE_THRESHOLD, String.valueOf(spec.scoreThreshold())));
        return env;
    }

    private static Map<String, Quantity> resources(RagDefaults spec) {
        return Map.of("cpu", new Quantity(spec.cpu()), "memory", new Quantity(spec.memory()));
    }

    private static EnvVar plain(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar secret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret)
                .withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    private String specHash(RagModelSpec spec, BaseModelTarget base) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(json.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8));
            digest.update(json.writeValueAsString(base).getBytes(StandardCharsets.UTF_8));
            digest.update(settings.runtimeImage().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
