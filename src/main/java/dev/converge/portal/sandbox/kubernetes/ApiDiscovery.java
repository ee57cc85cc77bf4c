package dev.converge.portal.sandbox.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * The discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>}) and
 * {@code /version} that real clients such as {@code kubectl} read before anything else, and that the CRUD mock
 * server lacks. Built-in kinds come from a fixed catalogue of what the portal uses; custom resources from the
 * CustomResourceDefinitions stored in the sandbox.
 */
final class ApiDiscovery {

    static final String KUBERNETES_VERSION = "v1.32.0";

    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    /** The kinds {@code kubectl get all} lists, as on a real API server. */
    private static final List<String> ALL_CATEGORY =
            List.of("Pod", "Service", "Deployment", "ReplicaSet", "HorizontalPodAutoscaler");
    private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    /** A resource served under a group version, with its subresources and kubectl short names. */
    record Resource(String group, String version, String plural, String kind, boolean namespaced,
                    List<String> shortNames, List<String> subresources, List<String> verbs) {

        static Resource builtIn(String groupVersion, String plural, String kind, boolean namespaced,
                                List<String> shortNames, String... subresources) {
            var slash = groupVersion.indexOf('/');
            return new Resource(slash < 0 ? "" : groupVersion.substring(0, slash),
                    groupVersion.substring(slash + 1), plural, kind, namespaced, shortNames,
                    List.of(subresources), VERBS);
        }

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    static final List<Resource> BUILT_IN = List.of(
            Resource.builtIn("v1", "pods", "Pod", true, List.of("po"), "status", "log"),
            Resource.builtIn("v1", "services", "Service", true, List.of("svc"), "status"),
            Resource.builtIn("v1", "namespaces", "Namespace", false, List.of("ns"), "status"),
            Resource.builtIn("v1", "nodes", "Node", false, List.of("no"), "status"),
            Resource.builtIn("v1", "events", "Event", true, List.of("ev")),
            Resource.builtIn("v1", "secrets", "Secret", true, List.of()),
            Resource.builtIn("v1", "configmaps", "ConfigMap", true, List.of("cm")),
            Resource.builtIn("v1", "serviceaccounts", "ServiceAccount", true, List.of("sa")),
            Resource.builtIn("v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), "status"),
            Resource.builtIn("apps/v1", "deployments", "Deployment", true, List.of("deploy"), "status", "scale"),
            Resource.builtIn("apps/v1", "replicasets", "ReplicaSet", true, List.of("rs"), "status", "scale"),
            Resource.builtIn("autoscaling/v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true,
                    List.of("hpa"), "status"),
            Resource.builtIn("coordination.k8s.io/v1", "leases", "Lease", true, List.of()),
            Resource.builtIn("apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false,
                    List.of("crd", "crds"), "status"),
            Resource.builtIn("events.k8s.io/v1", "events", "Event", true, List.of("ev")),
            // What the portal's Helm chart installs, so `kubectl apply` of the rendered chart works here too
            Resource.builtIn("rbac.authorization.k8s.io/v1", "roles", "Role", true, List.of()),
            Resource.builtIn("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding", true, List.of()),
            Resource.builtIn("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false, List.of()),
            Resource.builtIn("rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", false,
                    List.of()),
            Resource.builtIn("networking.k8s.io/v1", "ingresses", "Ingress", true, List.of("ing"), "status"),
            Resource.builtIn("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol")),
            Resource.builtIn("policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"),
                    "status"),
            new Resource("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", true, List.of(), List.of(),
                    List.of("get", "list")),
            new Resource("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics", false, List.of(), List.of(),
                    List.of("get", "list")));

    private ApiDiscovery() {
    }

    static Map<String, Object> version() {
        var version = new LinkedHashMap<String, Object>();
        version.put("major", "1");
        version.put("minor", "32");
        version.put("gitVersion", KUBERNETES_VERSION + "+converge-sandbox");
        version.put("gitCommit", "sandbox");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2025-01-01T00:00:00Z");
        version.put("goVersion", "n/a (simulated by Converge Portal)");
        version.put("compiler", "n/a");
        version.put("platform", "linux/amd64");
        return version;
    }

    static Map<String, Object> coreVersions(String serverAddress) {
        return Map.of("kind", "APIVersions", "versions", List.of("v1"),
                "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", serverAddress)));
    }

    /** {@code /apis}: every named group, built-in first, then those of the stored CRDs. */
    static Map<String, Object> groups(List<JsonNode> crds) {
        var versionsByGroup = new LinkedHashMap<String, List<String>>();
        for (var resource : all(crds)) {
            if (!resource.group().isEmpty()) {
                var versions = versionsByGroup.computeIfAbsent(resource.group(), g -> new ArrayList<>());
                if (!versions.contains(resource.version())) {
                    versions.add(resource.version());
                }
            }
        }
        var groups = new ArrayList<Map<String, Object>>();
        versionsByGroup.forEach((group, versions) -> groups.add(groupDocument(group, versions)));
        return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
    }

    static Optional<Map<String, Object>> group(String group, List<JsonNode> crds) {
        var versions = all(crds).stream().filter(r -> r.group().equals(group)).map(Resource::version).distinct()
                .toList();
        return versions.isEmpty() ? Optional.empty() : Optional.of(groupDocument(group, versions));
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}: the resources served there, with subresources. */
    static Optional<Map<String, Object>> resources(String group, String version, List<JsonNode> crds) {
        var resources = new ArrayList<Map<String, Object>>();
        for (var resource : all(crds)) {
            if (resource.group().equals(group) && resource.version().equals(version)) {
                resources.add(apiResource(resource.plural(), resource));
                for (var subresource : resource.subresources()) {
                    resources.add(apiResource(resource.plural() + "/" + subresource, resource));
                }
            }
        }
        if (resources.isEmpty()) {
            return Optional.empty();
        }
        var groupVersion = group.isEmpty() ? version : group + "/" + version;
        return Optional.of(Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", groupVersion,
                "resources", resources));
    }

    private static Map<String, Object> groupDocument(String group, List<String> versions) {
        var groupVersions = versions.stream()
                .map(v -> Map.of("groupVersion", group + "/" + v, "version", v)).toList();
        return Map.of("kind", "APIGroup", "apiVersion", "v1", "name", group, "versions", groupVersions,
                "preferredVersion", groupVersions.get(0));
    }

    private static Map<String, Object> apiResource(String name, Resource resource) {
        var subresource = name.contains("/");
        var doc = new TreeMap<String, Object>();
        doc.put("name", name);
        doc.put("singularName", subresource ? "" : resource.kind().toLowerCase());
        doc.put("namespaced", resource.namespaced());
        doc.put("kind", subresource && name.endsWith("/scale") ? "Scale" : resource.kind());
        doc.put("verbs", subresource ? SUBRESOURCE_VERBS : resource.verbs());
        if (!subresource && !resource.shortNames().isEmpty()) {
            doc.put("shortNames", resource.shortNames());
        }
        if (!subresource && BUILT_IN.contains(resource) && ALL_CATEGORY.contains(resource.kind())) {
            doc.put("categories", List.of("all"));
        }
        return doc;
    }

    static List<Resource> all(List<JsonNode> crds) {
        var all = new ArrayList<>(BUILT_IN);
        crds.forEach(crd -> all.addAll(fromCrd(crd)));
        return all;
    }

    /** One resource per served version of a stored CustomResourceDefinition. */
    static List<Resource> fromCrd(JsonNode crd) {
        var spec = crd.path("spec");
        var names = spec.path("names");
        var shortNames = new ArrayList<String>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asString()));
        var resources = new ArrayList<Resource>();
        for (var version : spec.path("versions")) {
            if (version.path("served").asBoolean(true)) {
                var subresources = new ArrayList<String>();
                version.path("subresources").propertyNames().forEach(subresources::add);
                resources.add(new Resource(spec.path("group").asString(), version.path("name").asString(),
                        names.path("plural").asString(), names.path("kind").asString(),
                        !"Cluster".equals(spec.path("scope").asString()), shortNames, subresources, VERBS));
            }
        }
        return resources;
    }
}
