package dev.converge.portal.deployments.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import dev.converge.portal.deployments.DeploymentSpec;

/**
 * The deploy and edit forms: flat fields a plain HTML form posts (environment as {@code KEY=value} lines), turned
 * into a {@link DeploymentSpec}. A JavaBean because Thymeleaf's {@code th:field} reads and binds through getters
 * and setters.
 */
public class DeploymentForm {

    private String namespace;
    private String name;
    private String image;
    private String modelUri;
    private Integer port = DeploymentSpec.DEFAULT_PORT;
    private String protocol = "openai";
    private String cpu = DeploymentSpec.Resources.DEFAULT.cpu();
    private String memory = DeploymentSpec.Resources.DEFAULT.memory();
    private Integer gpu = 0;
    private String gpuType;
    private Integer replicas = 1;
    private String strategy = DeploymentSpec.Placement.ANY;
    private List<String> zones = new ArrayList<>();
    private boolean autoscaling;
    private Integer minReplicas = 1;
    private Integer maxReplicas = 3;
    private Integer targetCpuUtilization = 80;
    private String env = "";
    private String capacity = DeploymentSpec.ON_DEMAND;
    private String schedule = DeploymentSpec.ALWAYS;
    private String resourceVersion;
    /** The MLflow model version deployed ({@code <name>/<version>}), when the form came from the registry. */
    private String mlflowModel;
    /** The user saw that no zone has room now and deploys anyway (the pods wait for room). */
    private boolean deployAnyway;

    /** Which form field shows the error of a spec field. */
    static String fieldOf(String specField) {
        return switch (specField) {
            case "resources.cpu" -> "cpu";
            case "resources.memory" -> "memory";
            case "resources.gpu" -> "gpu";
            case "resources.gpuType" -> "gpuType";
            case "zones.strategy" -> "strategy";
            case "zones.zones" -> "zones";
            case "autoscaling.minReplicas" -> "minReplicas";
            case "autoscaling.maxReplicas" -> "maxReplicas";
            case "autoscaling.targetCpuUtilization" -> "targetCpuUtilization";
            default -> specField;
        };
    }

    static DeploymentForm of(DeploymentSpec spec) {
        var s = spec.withDefaults();
        var form = new DeploymentForm();
        form.namespace = s.namespace();
        form.name = s.name();
        form.image = s.image();
        form.modelUri = s.modelUri();
        form.port = s.port();
        form.protocol = s.protocol();
        form.cpu = s.resources().cpu();
        form.memory = s.resources().memory();
        form.gpu = s.resources().gpus();
        form.gpuType = s.resources().gpuType();
        form.replicas = s.replicas();
        form.strategy = s.zones().strategy();
        form.zones = new ArrayList<>(s.zones().zones());
        form.autoscaling = s.autoscaling().on();
        if (form.autoscaling) {
            form.minReplicas = s.autoscaling().minReplicas();
            form.maxReplicas = s.autoscaling().maxReplicas();
            form.targetCpuUtilization = s.autoscaling().targetCpuUtilization();
        }
        var lines = new StringBuilder();
        s.env().forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        form.env = lines.toString();
        form.resourceVersion = s.resourceVersion();
        form.mlflowModel = s.mlflowModel();
        form.capacity = s.capacity();
        form.schedule = s.schedule();
        return form;
    }

    /** Takes the values a cost recommendation suggests (null = keep); replicas set the minimum when autoscaled. */
    void suggest(String cpu, String memory, Integer gpu, Integer replicas, String zone, String capacity,
                 String schedule) {
        this.capacity = capacity != null ? capacity : this.capacity;
        this.schedule = schedule != null ? schedule : this.schedule;
        this.cpu = cpu != null ? cpu : this.cpu;
        this.memory = memory != null ? memory : this.memory;
        this.gpu = gpu != null ? gpu : this.gpu;
        if (replicas != null && autoscaling) {
            this.minReplicas = replicas;
        } else if (replicas != null) {
            this.replicas = replicas;
        }
        if (zone != null) {
            this.strategy = DeploymentSpec.Placement.SINGLE;
            this.zones = new ArrayList<>(List.of(zone));
        }
    }

    DeploymentSpec toSpec() {
        var variables = new LinkedHashMap<String, String>();
        for (var line : (env == null ? "" : env).split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.indexOf('=');
            variables.put(equals < 0 ? line.strip() : line.substring(0, equals).strip(),
                    equals < 0 ? null : line.substring(equals + 1));
        }
        return new DeploymentSpec(namespace, name, image, modelUri, port, protocol,
                new DeploymentSpec.Resources(cpu, memory, gpu, gpuType), replicas,
                new DeploymentSpec.Placement(strategy, zones == null ? List.of() : zones),
                autoscaling ? new DeploymentSpec.Autoscaling(true, minReplicas, maxReplicas, targetCpuUtilization)
                        : DeploymentSpec.Autoscaling.OFF,
                variables, resourceVersion, mlflowModel, capacity, schedule);
    }

    public boolean isDeployAnyway() { return deployAnyway; }
    public void setDeployAnyway(boolean deployAnyway) { this.deployAnyway = deployAnyway; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public String getModelUri() { return modelUri; }
    public void setModelUri(String modelUri) { this.modelUri = modelUri; }
    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public String getProtocol() { return protocol; }
    public void setProtocol(String protocol) { this.protocol = protocol; }
    public String getCpu() { return cpu; }
    public void setCpu(String cpu) { this.cpu = cpu; }
    public String getMemory() { return memory; }
    public void setMemory(String memory) { this.memory = memory; }
    public Integer getGpu() { return gpu; }
    public void setGpu(Integer gpu) { this.gpu = gpu; }
    public String getGpuType() { return gpuType; }
    public void setGpuType(String gpuType) { this.gpuType = gpuType; }
    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
    public String getStrategy() { return strategy; }
    public void setStrategy(String strategy) { this.strategy = strategy; }
    public List<String> getZones() { return zones; }
    public void setZones(List<String> zones) { this.zones = zones; }
    public boolean isAutoscaling() { return autoscaling; }
    public void setAutoscaling(boolean autoscaling) { this.autoscaling = autoscaling; }
    public Integer getMinReplicas() { return minReplicas; }
    public void setMinReplicas(Integer minReplicas) { this.minReplicas = minReplicas; }
    public Integer getMaxReplicas() { return maxReplicas; }
    public void setMaxReplicas(Integer maxReplicas) { this.maxReplicas = maxReplicas; }
    public Integer getTargetCpuUtilization() { return targetCpuUtilization; }
    public void setTargetCpuUtilization(Integer targetCpuUtilization) {
        this.targetCpuUtilization = targetCpuUtilization;
    }
    public String getEnv() { return env; }
    public void setEnv(String env) { this.env = env; }
    public String getCapacity() { return capacity; }
    public void setCapacity(String capacity) { this.capacity = capacity; }
    public String getSchedule() { return schedule; }
    public void setSchedule(String schedule) { this.schedule = schedule; }
    public String getMlflowModel() { return mlflowModel; }
    public void setMlflowModel(String mlflowModel) { this.mlflowModel = mlflowModel; }
    public String getResourceVersion() { return resourceVersion; }
    public void setResourceVersion(String resourceVersion) { this.resourceVersion = resourceVersion; }
}
