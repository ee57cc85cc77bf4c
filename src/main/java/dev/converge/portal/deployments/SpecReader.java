package dev.converge.portal.deployments;

import java.util.LinkedHashMap;
import java.util.List;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Reads a spec back from a Deployment the portal did not create (kubectl, the benchmark seeder), so it can be shown
 * and edited like the portal's own: image, port, resources, zones and environment from the pod template.
 */
final class SpecReader {

    private SpecReader() {
    }

    static DeploymentSpec read(Deployment deployment) {
        var meta = deployment.getMetadata();
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().stream()
                .filter(c -> DeploymentManifests.SERVER_CONTAINER.equals(c.getName())).findFirst()
                .orElse(pod.getContainers().get(0));
        Integer port = container.getPorts() == null || container.getPorts().isEmpty() ? null
                : container.getPorts().get(0).getContainerPort();
        var requests = container.getResources() == null ? null : container.getResources().getRequests();
        var limits = container.getResources() == null ? null : container.getResources().getLimits();
        var gpu = limits == null ? null : limits.get(ResourceAmounts.GPU);
        var resources = new DeploymentSpec.Resources(
                requests == null || requests.get("cpu") == null ? null : requests.get("cpu").toString(),
                requests == null || requests.get("memory") == null ? null : requests.get("memory").toString(),
                gpu == null ? 0 : ResourceAmounts.amount(gpu).intValue(),
                pod.getNodeSelector() == null ? null : pod.getNodeSelector().get(Zones.GPU_PRODUCT_LABEL));
        var env = new LinkedHashMap<String, String>();
        if (container.getEnv() != null) {
            container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(),
                    e.getValue()));
        }
        return new DeploymentSpec(meta.getNamespace(), meta.getName(), container.getImage(), null, port, "http",
                resources, deployment.getSpec().getReplicas(), placement(pod), null, env, null);
    }

    private static DeploymentSpec.Placement placement(io.fabric8.kubernetes.api.model.PodSpec pod) {
        var zones = new java.util.ArrayList<String>();
        var affinity = pod.getAffinity();
        if (affinity != null && affinity.getNodeAffinity() != null
                && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()
                    .forEach(term -> term.getMatchExpressions().stream()
                            .filter(e -> Zones.ZONE_LABEL.equals(e.getKey()) && "In".equals(e.getOperator()))
                            .forEach(e -> zones.addAll(e.getValues())));
        }
        if (zones.isEmpty()) {
            return DeploymentSpec.Placement.any();
        }
        return new DeploymentSpec.Placement(zones.size() == 1 ? DeploymentSpec.Placement.SINGLE
                : DeploymentSpec.Placement.MULTI, List.copyOf(zones));
    }
}
