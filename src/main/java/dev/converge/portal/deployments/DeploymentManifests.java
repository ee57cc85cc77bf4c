package dev.converge.portal.deployments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.platform.kubernetes.ZonePlacement;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a validated {@link DeploymentSpec} into the objects the cluster runs: a Deployment, a Service and, with
 * autoscaling, an {@code autoscaling/v2} HorizontalPodAutoscaler, labelled as DESIGN.md §4 says. The spec itself
 * rides along as an annotation, so the edit form and roll back can read it back from the cluster.
 */
@Component
public class DeploymentManifests {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "converge-portal";
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String TEAM_LABEL = "converge.dev/team";
    public static final String KIND_LABEL = "converge.dev/kind";
    public static final String CREATED_BY_LABEL = "converge.dev/created-by";
    public static final String SPEC_ANNOTATION = "converge.dev/spec";
    /** On the Service and autoscaler: the uid of the Deployment they were made for (see DeploymentManager). */
    public static final String DEPLOYMENT_UID_ANNOTATION = "converge.dev/deployment-uid";
    public static final String RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";
    public static final String MODELS_PATH = "/mnt/models";
    static final String SERVER_CONTAINER = "server";
    static final String DOWNLOAD_CONTAINER = "model-download";

    private final TeamDirectory teams;
    private final DeploymentSettings settings;
    private final JsonMapper json;

    public DeploymentManifests(TeamDirectory teams, DeploymentSettings settings, JsonMapper json) {
        this.teams = teams;
        this.settings = settings;
        this.json = json;
    }

    /** The three objects of a spec; the HPA is absent when autoscaling is off. */
    public record Manifests(Deployment deployment, Service service, HorizontalPodAutoscaler autoscaler) {
    }

    public Manifests build(DeploymentSpec spec, String createdBy) {
        var s = spec.withDefaults();
        var labels = labels(s, createdBy);
        return new Manifests(deployment(s, labels), service(s, labels),
                s.autoscaling().on() ? autoscaler(s, labels) : null);
    }

    /** The spec stored on a Deployment by {@link #build}, when the portal made it. */
    public java.util.Optional<DeploymentSpec> storedSpec(Deployment deployment) {
        var annotations = deployment.getMetadata().getAnnotations();
        var text = annotations == null ? null : annotations.get(SPEC_ANNOTATION);
        if (text == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(json.readValue(text, DeploymentSpec.class));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    public String endpoint(String namespace, String name, int port) {
        return "http://" + name + "." + namespace + "." + settings.clusterDomain() + ":" + port;
    }

    Map<String, String> labels(DeploymentSpec spec, String createdBy) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(NAME_LABEL, spec.name());
        labels.put(TEAM_LABEL, labelValue(teams.teamOf(spec.namespace())));
        labels.put(KIND_LABEL, "model");
        labels.put(CREATED_BY_LABEL, labelValue(createdBy));
        return labels;
    }

    static Map<String, String> selector(String name) {
        return Map.of(NAME_LABEL, name, KIND_LABEL, "model");
    }

    /** The stored spec, and the MLflow model version deployed when there is one (found by the registry pages). */
    private Map<String, String> annotations(DeploymentSpec s) {
        var annotations = new java.util.TreeMap<String, String>();
        annotations.put(SPEC_ANNOTATION, json.writeValueAsString(s.withoutVersion()));
        if (s.mlflowModel() != null) {
            annotations.put(DeploymentSpec.MLFLOW_MODEL_ANNOTATION, s.mlflowModel());
        }
        return annotations;
    }

    private Deployment deployment(DeploymentSpec s, Map<String, String> labels) {
        var podSpec = new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                .withSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .withContainers(server(s))
                .withEnableServiceLinks(false);
        if (s.modelUri() != null) {
            podSpec.withInitContainers(downloader(s))
                    .addNewVolume().withName("models").withNewEmptyDir().endEmptyDir().endVolume();
        }
        placement(s, podSpec);
        var nodeSelector = new java.util.TreeMap<String, String>();
        if (s.resources().gpus() > 0) {
            nodeSelector.put(Zones.GPU_PRODUCT_LABEL, s.resources().gpuType());
            podSpec.addNewToleration().withKey(ResourceAmounts.GPU).withOperator("Exists")
                    .withEffect("NoSchedule").endToleration();
        }
        if (s.spot()) {
            spot(nodeSelector, podSpec);
        }
        if (!nodeSelector.isEmpty()) {
            podSpec.withNodeSelector(nodeSelector);
        }
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(s.name()).withNamespace(s.namespace()).withLabels(labels)
                    .withAnnotations(annotations(s))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(startingReplicas(s))
                    .withNewSelector().withMatchLabels(selector(s.name())).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString("25%"))
                    .endRollingUpdate().endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withSpec(podSpec.build())
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * With autoscaling, the replicas the Deployment starts with, kept within the autoscaler's [min, max]: the
     * autoscaler raises a count below its minimum only once it acts (a cluster without a metrics server, like the
     * sandbox, never does), so a deployment asking for min 3 would otherwise run 1 pod. The stored spec keeps what
     * the user asked for.
     */
    static int startingReplicas(DeploymentSpec s) {
        var a = s.autoscaling();
        if (a == null || !a.on() || a.minReplicas() == null) {
            return s.replicas();
        }
        var replicas = Math.max(s.replicas(), a.minReplicas());
        return a.maxReplicas() == null ? replicas : Math.min(replicas, Math.max(a.maxReplicas(), a.minReplicas()));
    }

    /**
     * Whether a node with these labels is spot capacity: it carries every label of the node selector spot pods are
     * given ({@code portal.deployments.spot.node-selector}), so pricing and placement agree on what spot is.
     */
    public boolean isSpotNode(Map<String, String> nodeLabels) {
        return nodeLabels != null && nodeLabels.entrySet().containsAll(settings.spot().nodeSelector().entrySet());
    }

    /** Spot pods go to the nodes {@code portal.deployments.spot.*} names and tolerate their taint. */
    private void spot(Map<String, String> nodeSelector, io.fabric8.kubernetes.api.model.PodSpecBuilder podSpec) {
        var spot = settings.spot();
        nodeSelector.putAll(spot.nodeSelector());
        var toleration = spot.toleration();
        podSpec.addNewToleration().withKey(toleration.key()).withOperator(toleration.operator())
                .withValue("Exists".equals(toleration.operator()) ? null : toleration.value())
                .withEffect(toleration.effect()).endToleration();
    }

    /** Zone placement is shared with the other features that run pods: {@link ZonePlacement}. */
    private static void placement(DeploymentSpec s, io.fabric8.kubernetes.api.model.PodSpecBuilder podSpec) {
        ZonePlacement.apply(podSpec, s.zones().strategy(), s.zones().zones(), selector(s.name()));
    }

    private Container server(DeploymentSpec s) {
        var requests = new LinkedHashMap<String, Quantity>();
        requests.put("cpu", new Quantity(s.resources().cpu()));
        requests.put("memory", new Quantity(s.resources().memory()));
        var limits = new LinkedHashMap<>(requests);
        if (s.resources().gpus() > 0) {
            limits.put(ResourceAmounts.GPU, new Quantity(String.valueOf(s.resources().gpus())));
            requests.put(ResourceAmounts.GPU, new Quantity(String.valueOf(s.resources().gpus())));
        }
        var env = new ArrayList<EnvVar>();
        s.env().forEach((name, value) -> env.add(new EnvVarBuilder().withName(name).withValue(value).build()));
        var container = new ContainerBuilder()
                .withName(SERVER_CONTAINER)
                .withImage(s.image())
                .addNewPort().withName("http").withContainerPort(s.port()).withProtocol("TCP").endPort()
                .withNewResources().withRequests(requests).withLimits(limits).endResources()
                .withReadinessProbe(readiness(s))
                .withLivenessProbe(liveness(s))
                .withSecurityContext(restricted());
        if (s.modelUri() != null) {
            env.add(new EnvVarBuilder().withName("MODEL_DIR").withValue(MODELS_PATH).build());
            container.addNewVolumeMount().withName("models").withMountPath(MODELS_PATH).withReadOnly(true)
                    .endVolumeMount();
        }
        return container.withEnv(env).build();
    }

    /** Fetches the model before the server starts; the keys come from a Secret, never from this spec. */
    private Container downloader(DeploymentSpec s) {
        var path = s.modelUri().substring("s3://".length());
        var secret = settings.modelStorageSecret();
        return new ContainerBuilder()
                .withName(DOWNLOAD_CONTAINER)
                .withImage(settings.modelDownloaderImage())
                .withCommand("sh", "-c", "mc alias set store \"$S3_ENDPOINT\" \"$S3_ACCESS_KEY\" \"$S3_SECRET_KEY\""
                        + " >/dev/null && mc cp --recursive \"store/$MODEL_PATH\" " + MODELS_PATH + "/")
                .withEnv(
                        new EnvVarBuilder().withName("MODEL_PATH").withValue(path).build(),
                        new EnvVarBuilder().withName("MC_CONFIG_DIR").withValue(MODELS_PATH + "/.mc").build(),
                        secretEnv("S3_ENDPOINT", secret, "endpoint"),
                        secretEnv("S3_ACCESS_KEY", secret, "accessKey"),
                        secretEnv("S3_SECRET_KEY", secret, "secretKey"))
                .addNewVolumeMount().withName("models").withMountPath(MODELS_PATH).endVolumeMount()
                .withNewResources()
                    .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")))
                    .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi")))
                .endResources()
                .withSecurityContext(restricted())
                .build();
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    private static io.fabric8.kubernetes.api.model.SecurityContext restricted() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** Ready when the server says so on its protocol's health path; plain HTTP servers when the port opens. */
    private static Probe readiness(DeploymentSpec s) {
        return switch (s.protocol()) {
            case "openai" -> httpProbe("/v1/models", s.port(), 5);
            case "kserve-v2" -> httpProbe("/v2/health/ready", s.port(), 5);
            default -> tcpProbe(s.port(), 5);
        };
    }

    private static Probe liveness(DeploymentSpec s) {
        return "kserve-v2".equals(s.protocol()) ? httpProbe("/v2/health/live", s.port(), 15) : tcpProbe(s.port(), 15);
    }

    private static Probe httpProbe(String path, int port, int period) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withPeriodSeconds(period).withFailureThreshold(3).build();
    }

    private static Probe tcpProbe(int port, int period) {
        return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withPeriodSeconds(period).withFailureThreshold(3).build();
    }

    private Service service(DeploymentSpec s, Map<String, String> labels) {
        return new ServiceBuilder()
                .withNewMetadata().withName(s.name()).withNamespace(s.namespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(selector(s.name()))
                    .addNewPort().withName("http").withPort(s.port()).withTargetPort(new IntOrString("http"))
                        .withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    private static HorizontalPodAutoscaler autoscaler(DeploymentSpec s, Map<String, String> labels) {
        var a = s.autoscaling();
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(s.name()).withNamespace(s.namespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                    .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(s.name())
                    .endScaleTargetRef()
                    .withMinReplicas(a.minReplicas())
                    .withMaxReplicas(a.maxReplicas())
                    .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                        .withType("Utilization").withAverageUtilization(a.targetCpuUtilization())
                    .endTarget().endResource().endMetric()
                .endSpec()
                .build();
    }

    /** A label value: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric. */
    static String labelValue(String text) {
        var value = text == null ? "" : text.replaceAll("[^A-Za-z0-9._-]", "-");
        if (value.length() > 63) {
            value = value.substring(0, 63);
        }
        return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
