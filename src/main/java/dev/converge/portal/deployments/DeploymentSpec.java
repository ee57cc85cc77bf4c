package dev.converge.portal.deployments;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a user asks for when deploying a model: the JSON body of {@code POST /deployments} and {@code PUT
 * /deployments/{namespace}/{name}}, and what the deploy form binds to. Missing optional parts get the defaults of
 * {@link #withDefaults()}; {@link DeploymentValidator} checks the rest against the cluster. {@code resourceVersion}
 * is read on update only: the version of the Deployment the change was based on. {@code mlflowModel} is the MLflow
 * model version deployed ({@code <name>/<version>}), recorded as the {@value #MLFLOW_MODEL_ANNOTATION} annotation.
 * {@code capacity} is {@code on-demand} (default) or {@code spot}: spot pods get the node selector and toleration of
 * {@code portal.deployments.spot.*}. {@code schedule} is {@code always} (default) or {@code working-hours}: the
 * Deployment runs its replicas within {@code portal.deployments.working-hours} and none outside them
 * ({@link WorkingHoursScaler}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentSpec(
        String namespace,
        String name,
        String image,
        String modelUri,
        Integer port,
        String protocol,
        Resources resources,
        Integer replicas,
        Placement zones,
        Autoscaling autoscaling,
        Map<String, String> env,
        String resourceVersion,
        String mlflowModel,
        String capacity,
        String schedule) {

    public static final List<String> PROTOCOLS = List.of("openai", "kserve-v2", "http");
    public static final String ON_DEMAND = "on-demand";
    public static final String SPOT = "spot";
    public static final List<String> CAPACITIES = List.of(ON_DEMAND, SPOT);
    public static final String ALWAYS = "always";
    public static final String WORKING_HOURS = "working-hours";
    public static final List<String> SCHEDULES = List.of(ALWAYS, WORKING_HOURS);
    public static final int DEFAULT_PORT = 8080;
    public static final String MLFLOW_MODEL_ANNOTATION = "converge.dev/mlflow-model";

    /** Without an MLflow model version. */
    public DeploymentSpec(String namespace, String name, String image, String modelUri, Integer port, String protocol,
                          Resources resources, Integer replicas, Placement zones, Autoscaling autoscaling,
                          Map<String, String> env, String resourceVersion) {
        this(namespace, name, image, modelUri, port, protocol, resources, replicas, zones, autoscaling, env,
                resourceVersion, null);
    }

    /** On demand, always running. */
    public DeploymentSpec(String namespace, String name, String image, String modelUri, Integer port, String protocol,
                          Resources resources, Integer replicas, Placement zones, Autoscaling autoscaling,
                          Map<String, String> env, String resourceVersion, String mlflowModel) {
        this(namespace, name, image, modelUri, port, protocol, resources, replicas, zones, autoscaling, env,
                resourceVersion, mlflowModel, null, null);
    }

    public boolean spot() {
        return SPOT.equals(capacity);
    }

    /** Whether the deployment runs only within the working hours. */
    public boolean workingHoursOnly() {
        return WORKING_HOURS.equals(schedule);
    }

    public record Resources(String cpu, String memory, Integer gpu, String gpuType) {
        public static final Resources DEFAULT = new Resources("500m", "1Gi", 0, null);

        public int gpus() {
            return gpu == null ? 0 : gpu;
        }
    }

    /** Where pods may run: {@code any} zone, one {@code single} zone, or spread over {@code multi} zones. */
    public record Placement(String strategy, List<String> zones) {
        public static final String ANY = "any";
        public static final String SINGLE = "single";
        public static final String MULTI = "multi";
        public static final List<String> STRATEGIES = List.of(ANY, SINGLE, MULTI);

        public Placement {
            zones = zones == null ? List.of() : List.copyOf(zones);
        }

        public static Placement any() {
            return new Placement(ANY, List.of());
        }
    }

    public record Autoscaling(Boolean enabled, Integer minReplicas, Integer maxReplicas, Integer targetCpuUtilization) {
        public static final Autoscaling OFF = new Autoscaling(false, null, null, null);

        public boolean on() {
            return Boolean.TRUE.equals(enabled);
        }
    }

    /** The same spec with every optional part filled in, so validation and manifests never meet a null. */
    public DeploymentSpec withDefaults() {
        var r = resources == null ? Resources.DEFAULT : resources;
        r = new Resources(blankTo(r.cpu(), Resources.DEFAULT.cpu()), blankTo(r.memory(), Resources.DEFAULT.memory()),
                r.gpu() == null ? 0 : r.gpu(), blank(r.gpuType()) ? null : r.gpuType().strip());
        var z = zones == null || blank(zones.strategy()) ? new Placement(Placement.ANY,
                zones == null ? List.of() : zones.zones()) : zones;
        var a = autoscaling == null ? Autoscaling.OFF : autoscaling;
        if (a.on()) {
            a = new Autoscaling(true, a.minReplicas() == null ? 1 : a.minReplicas(),
                    a.maxReplicas(), a.targetCpuUtilization() == null ? 80 : a.targetCpuUtilization());
        }
        return new DeploymentSpec(strip(namespace), strip(name), strip(image), blank(modelUri) ? null : modelUri.strip(),
                port == null ? DEFAULT_PORT : port, blank(protocol) ? "openai" : protocol.strip(), r,
                replicas == null ? (a.on() ? a.minReplicas() : 1) : replicas, z, a,
                env == null ? Map.of() : new TreeMap<>(env), blank(resourceVersion) ? null : resourceVersion,
                blank(mlflowModel) ? null : mlflowModel.strip(), blankTo(capacity, ON_DEMAND),
                blankTo(schedule, ALWAYS));
    }

    /** The same spec with another replica count (scale) or resource version. */
    public DeploymentSpec withReplicas(int count) {
        return new DeploymentSpec(namespace, name, image, modelUri, port, protocol, resources, count, zones,
                autoscaling, env, resourceVersion, mlflowModel, capacity, schedule);
    }

    public DeploymentSpec withResourceVersion(String version) {
        return new DeploymentSpec(namespace, name, image, modelUri, port, protocol, resources, replicas, zones,
                autoscaling, env, version, mlflowModel, capacity, schedule);
    }

    /** The spec as stored: what describes the workload, without the version it was read at. */
    public DeploymentSpec withoutVersion() {
        return withResourceVersion(null);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String blankTo(String text, String fallback) {
        return blank(text) ? fallback : text.strip();
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
