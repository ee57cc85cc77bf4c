package dev.converge.portal.sandbox.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * The columns a real API server (v1.32) prints for the built-in kinds people look at, as in Kubernetes'
 * {@code pkg/printers/internalversion/printers.go}: names, types, which appear only with {@code -o wide}
 * (priority 1), and how each cell is computed from the object.
 */
final class TableColumns {

    static final String NONE = "<none>";

    /** One column: its definition in the Table, and its cell for an object. */
    record Column(String name, String type, String format, int priority, String description,
                  Function<JsonNode, Object> cell) {

        static Column of(String name, String description, Function<JsonNode, Object> cell) {
            return new Column(name, "string", "", 0, description, cell);
        }

        static Column wide(String name, String description, Function<JsonNode, Object> cell) {
            return new Column(name, "string", "", 1, description, cell);
        }

        Column typed(String type) {
            return new Column(name, type, format, priority, description, cell);
        }
    }

    static final Column NAME = new Column("Name", "string", "name", 0,
            "Name must be unique within a namespace.", o -> o.path("metadata").path("name").asString(""));
    static final Column AGE = Column.of("Age", "CreationTimestamp is when this object was created.",
            o -> age(o.path("metadata").path("creationTimestamp").asString("")));
    /** What a real API server prints for kinds it has no printer for. */
    static final List<Column> DEFAULT = List.of(NAME, new Column("Created At", "date", "", 0,
            "CreationTimestamp is when this object was created.",
            o -> o.path("metadata").path("creationTimestamp").asString("")));

    private static final Map<String, List<Column>> BUILT_IN = Map.of(
            "/Pod", pods(), "/Node", nodes(), "apps/Deployment", deployments(), "apps/ReplicaSet", replicaSets(),
            "/Service", services(), "/Event", events(), "/Namespace", namespaces(),
            "autoscaling/HorizontalPodAutoscaler", autoscalers(), "/ConfigMap", configMaps(), "/Secret", secrets());

    private TableColumns() {
    }

    /** The columns of a built-in kind, or the default ones. */
    static List<Column> builtIn(String group, String kind) {
        return BUILT_IN.getOrDefault(group + "/" + kind, DEFAULT);
    }

    private static List<Column> pods() {
        return List.of(NAME,
                Column.of("Ready", "The aggregate readiness state of this pod for accepting traffic.", pod -> {
                    var statuses = pod.path("status").path("containerStatuses");
                    var ready = statuses.valueStream().filter(s -> s.path("ready").asBoolean(false)).count();
                    return ready + "/" + pod.path("spec").path("containers").size();
                }),
                Column.of("Status", "The aggregate status of the containers in this pod.", TableColumns::podStatus),
                Column.of("Restarts", "The number of times the containers in this pod have been restarted.",
                        pod -> pod.path("status").path("containerStatuses").valueStream()
                                .mapToLong(s -> s.path("restartCount").asLong(0)).sum()),
                AGE,
                Column.wide("IP", "IP address allocated to the pod.",
                        pod -> orNone(pod.path("status").path("podIP").asString(""))),
                Column.wide("Node", "NodeName is the node the pod is scheduled onto.",
                        pod -> orNone(pod.path("spec").path("nodeName").asString(""))),
                Column.wide("Nominated Node", "The node the scheduler nominated for preemption.",
                        pod -> orNone(pod.path("status").path("nominatedNodeName").asString(""))),
                Column.wide("Readiness Gates", "Pod conditions evaluated for readiness.", pod -> {
                    var gates = pod.path("spec").path("readinessGates");
                    if (gates.isEmpty()) {
                        return NONE;
                    }
                    var conditions = pod.path("status").path("conditions");
                    var met = gates.valueStream().filter(g -> conditions.valueStream().anyMatch(c ->
                            c.path("type").asString("").equals(g.path("conditionType").asString(""))
                                    && "True".equals(c.path("status").asString("")))).count();
                    return met + "/" + gates.size();
                }));
    }

    /** The STATUS kubectl shows: a waiting or terminated container's reason, Terminating, or the phase. */
    private static String podStatus(JsonNode pod) {
        var status = pod.path("status");
        var reason = status.path("reason").asString(status.path("phase").asString("Pending"));
        var statuses = status.path("containerStatuses");
        for (int i = statuses.size() - 1; i >= 0; i--) {
            var state = statuses.path(i).path("state");
            var waiting = state.path("waiting").path("reason").asString("");
            var terminated = state.path("terminated");
            if (!waiting.isEmpty()) {
                reason = waiting;
            } else if (!terminated.isMissingNode()) {
                reason = terminated.path("reason").asString("");
                if (reason.isEmpty()) {
                    reason = "ExitCode:" + terminated.path("exitCode").asInt(0);
                }
            }
        }
        if (pod.path("metadata").has("deletionTimestamp")) {
            return "NodeLost".equals(status.path("reason").asString("")) ? "Unknown" : "Terminating";
        }
        return reason;
    }

    private static List<Column> nodes() {
        return List.of(NAME,
                Column.of("Status", "The status of the node", node -> {
                    var ready = node.path("status").path("conditions").valueStream()
                            .filter(c -> "Ready".equals(c.path("type").asString(""))).findFirst()
                            .map(c -> switch (c.path("status").asString("")) {
                                case "True" -> "Ready";
                                case "False" -> "NotReady";
                                default -> "Unknown";
                            }).orElse("Unknown");
                    return node.path("spec").path("unschedulable").asBoolean(false)
                            ? ready + ",SchedulingDisabled" : ready;
                }),
                Column.of("Roles", "The roles of the node", node -> {
                    var roles = new ArrayList<String>();
                    node.path("metadata").path("labels").properties().forEach(label -> {
                        if (label.getKey().startsWith("node-role.kubernetes.io/")) {
                            roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
                        } else if (label.getKey().equals("kubernetes.io/role")) {
                            roles.add(label.getValue().asString(""));
                        }
                    });
                    roles.sort(null);
                    return roles.isEmpty() ? NONE : String.join(",", roles);
                }),
                AGE,
                Column.of("Version", "Kubelet Version reported by the node.",
                        node -> node.path("status").path("nodeInfo").path("kubeletVersion").asString("")),
                Column.wide("Internal-IP", "List of addresses reachable to the node.",
                        node -> address(node, "InternalIP")),
                Column.wide("External-IP", "List of addresses reachable to the node.",
                        node -> address(node, "ExternalIP")),
                Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release.",
                        node -> nodeInfo(node, "osImage")),
                Column.wide("Kernel-Version", "Kernel Version reported by the node.",
                        node -> nodeInfo(node, "kernelVersion")),
                Column.wide("Container-Runtime", "Container Runtime Version reported by the node.",
                        node -> nodeInfo(node, "containerRuntimeVersion")));
    }

    private static String address(JsonNode node, String type) {
        return node.path("status").path("addresses").valueStream()
                .filter(a -> type.equals(a.path("type").asString(""))).findFirst()
                .map(a -> a.path("address").asString(NONE)).orElse(NONE);
    }

    private static String nodeInfo(JsonNode node, String field) {
        return orUnknown(node.path("status").path("nodeInfo").path(field).asString(""));
    }

    private static List<Column> deployments() {
        return List.of(NAME,
                Column.of("Ready", "Number of the pod with ready state",
                        d -> d.path("status").path("readyReplicas").asLong(0) + "/"
                                + d.path("spec").path("replicas").asLong(1)),
                Column.of("Up-to-date", "Total number of non-terminated pods targeted by this deployment that "
                        + "have the desired template spec.", d -> d.path("status").path("updatedReplicas").asLong(0))
                        .typed("integer"),
                Column.of("Available", "Total number of available pods (ready for at least minReadySeconds) "
                        + "targeted by this deployment.", d -> d.path("status").path("availableReplicas").asLong(0))
                        .typed("integer"),
                AGE, containers(), images(), selector());
    }

    private static List<Column> replicaSets() {
        return List.of(NAME,
                Column.of("Desired", "Replicas is the number of desired replicas.",
                        r -> r.path("spec").path("replicas").asLong(1)).typed("integer"),
                Column.of("Current", "Replicas is the most recently observed number of replicas.",
                        r -> r.path("status").path("replicas").asLong(0)).typed("integer"),
                Column.of("Ready", "The number of ready replicas for this replica set.",
                        r -> r.path("status").path("readyReplicas").asLong(0)).typed("integer"),
                AGE, containers(), images(), selector());
    }

    private static Column containers() {
        return Column.wide("Containers", "Names of each container in the template.", o -> String.join(",",
                o.path("spec").path("template").path("spec").path("containers").valueStream()
                        .map(c -> c.path("name").asString("")).toList()));
    }

    private static Column images() {
        return Column.wide("Images", "Images referenced by each container in the template.", o -> String.join(",",
                o.path("spec").path("template").path("spec").path("containers").valueStream()
                        .map(c -> c.path("image").asString("")).toList()));
    }

    private static Column selector() {
        return Column.wide("Selector", "Label selector for pods.", o -> labelSelector(o.path("spec").path("selector")));
    }

    /** A LabelSelector as {@code metav1.LabelSelectorAsSelector} prints it; an empty one selects everything. */
    private static String labelSelector(JsonNode selector) {
        var requirements = new TreeMap<String, String>();
        selector.path("matchLabels").properties().forEach(e ->
                requirements.put(e.getKey(), e.getKey() + "=" + e.getValue().asString("")));
        for (var expression : selector.path("matchExpressions")) {
            var key = expression.path("key").asString("");
            var values = String.join(",", expression.path("values").valueStream().map(v -> v.asString(""))
                    .sorted().toList());
            requirements.put(key, switch (expression.path("operator").asString("")) {
                case "In" -> key + " in (" + values + ")";
                case "NotIn" -> key + " notin (" + values + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + "?";
            });
        }
        return requirements.isEmpty() ? NONE : String.join(",", requirements.values());
    }

    private static List<Column> services() {
        return List.of(NAME,
                Column.of("Type", "The type of the service.",
                        s -> s.path("spec").path("type").asString("ClusterIP")),
                Column.of("Cluster-IP", "The cluster IP of the service.",
                        s -> orNone(s.path("spec").path("clusterIP").asString(""))),
                Column.of("External-IP", "The external IP of the service.", TableColumns::externalIp),
                Column.of("Port(s)", "The ports of the service.", s -> {
                    var ports = s.path("spec").path("ports").valueStream().map(p -> {
                        var nodePort = p.path("nodePort").asInt(0);
                        return p.path("port").asInt(0) + (nodePort > 0 ? ":" + nodePort : "") + "/"
                                + p.path("protocol").asString("TCP");
                    }).toList();
                    return ports.isEmpty() ? NONE : String.join(",", ports);
                }),
                AGE,
                Column.wide("Selector", "Route service traffic to pods with label keys and values matching "
                        + "this selector.", s -> {
                    var labels = new TreeMap<String, String>();
                    s.path("spec").path("selector").properties().forEach(e ->
                            labels.put(e.getKey(), e.getKey() + "=" + e.getValue().asString("")));
                    return labels.isEmpty() ? NONE : String.join(",", labels.values());
                }));
    }

    private static String externalIp(JsonNode service) {
        var spec = service.path("spec");
        var external = new ArrayList<String>();
        spec.path("externalIPs").forEach(ip -> external.add(ip.asString("")));
        switch (spec.path("type").asString("ClusterIP")) {
            case "LoadBalancer" -> {
                service.path("status").path("loadBalancer").path("ingress").forEach(ingress ->
                        external.add(ingress.path("ip").asString(ingress.path("hostname").asString(""))));
                return external.isEmpty() ? "<pending>" : String.join(",", external);
            }
            case "ExternalName" -> {
                return spec.path("externalName").asString(NONE);
            }
            default -> {
                return external.isEmpty() ? NONE : String.join(",", external);
            }
        }
    }

    private static List<Column> events() {
        return List.of(
                Column.of("Last Seen", "The time at which the most recent occurrence of this event was recorded.",
                        e -> {
                            var last = age(firstOf(e, "lastTimestamp", "eventTime"));
                            var count = e.path("count").asInt(1);
                            return count > 1 ? last + " (x" + count + " over "
                                    + age(firstOf(e, "firstTimestamp", "eventTime")) + ")" : last;
                        }),
                Column.of("Type", "Type of this event (Normal, Warning).", e -> e.path("type").asString("")),
                Column.of("Reason", "The reason for the transition into the object's current status.",
                        e -> e.path("reason").asString("")),
                Column.of("Object", "The object that this event is about.",
                        e -> e.path("involvedObject").path("kind").asString("").toLowerCase() + "/"
                                + e.path("involvedObject").path("name").asString("")),
                Column.wide("Subobject", "The field of the object this event is about.",
                        e -> e.path("involvedObject").path("fieldPath").asString("")),
                Column.wide("Source", "The component reporting this event.", e -> {
                    var source = e.path("source");
                    var host = source.path("host").asString("");
                    return source.path("component").asString("") + (host.isEmpty() ? "" : ", " + host);
                }),
                Column.of("Message", "A human-readable description of the status of this operation.",
                        e -> e.path("message").asString("")),
                Column.wide("First Seen", "The time at which the event was first recorded.",
                        e -> age(firstOf(e, "firstTimestamp", "eventTime"))),
                Column.wide("Count", "The number of times this event has occurred.",
                        e -> String.valueOf(e.path("count").asInt(1))),
                new Column("Name", "string", "name", 1, NAME.description(), NAME.cell()));
    }

    private static String firstOf(JsonNode event, String field, String fallback) {
        var value = event.path(field).asString("");
        if (value.isEmpty()) {
            value = event.path(fallback).asString("");
        }
        return value.isEmpty() ? event.path("metadata").path("creationTimestamp").asString("") : value;
    }

    private static List<Column> namespaces() {
        return List.of(NAME,
                Column.of("Status", "The status of the namespace",
                        n -> n.path("status").path("phase").asString("Active")),
                AGE);
    }

    private static List<Column> autoscalers() {
        return List.of(NAME,
                Column.of("Reference", "The reference to the autoscaled resource.",
                        h -> h.path("spec").path("scaleTargetRef").path("kind").asString("") + "/"
                                + h.path("spec").path("scaleTargetRef").path("name").asString("")),
                Column.of("Targets", "The current and target values of the metrics.", TableColumns::hpaTargets),
                Column.of("MinPods", "The lower limit for the number of pods that can be set by the autoscaler.",
                        h -> h.path("spec").has("minReplicas") ? String.valueOf(h.path("spec").path("minReplicas")
                                .asInt()) : "<unset>"),
                Column.of("MaxPods", "The upper limit for the number of pods that can be set by the autoscaler.",
                        h -> h.path("spec").path("maxReplicas").asLong(0)).typed("integer"),
                Column.of("Replicas", "Current number of replicas of pods managed by this autoscaler.",
                        h -> h.path("status").path("currentReplicas").asLong(0)).typed("integer"),
                AGE);
    }

    /** Resource metrics as kubectl 1.32 prints them ({@code cpu: 45%/80%}); other kinds of metric by target. */
    private static String hpaTargets(JsonNode hpa) {
        var metrics = hpa.path("spec").path("metrics");
        if (metrics.isEmpty()) {
            return NONE;
        }
        var current = hpa.path("status").path("currentMetrics");
        var targets = new ArrayList<String>();
        for (int i = 0; i < metrics.size(); i++) {
            var metric = metrics.path(i);
            var type = metric.path("type").asString("");
            var source = metric.path(Character.toLowerCase(type.charAt(0)) + type.substring(1));
            var target = source.path("target");
            var now = current.valueStream().filter(c -> type.equals(c.path("type").asString(""))
                    && ("Resource".equals(type) ? source.path("name").equals(
                    c.path("resource").path("name")) : true)).findFirst()
                    .map(c -> c.path(Character.toLowerCase(type.charAt(0)) + type.substring(1)).path("current"));
            String text;
            if (target.has("averageUtilization")) {
                var value = now.filter(n -> n.has("averageUtilization"))
                        .map(n -> n.path("averageUtilization").asInt() + "%").orElse("<unknown>");
                text = value + "/" + target.path("averageUtilization").asInt() + "%";
            } else {
                var key = target.has("averageValue") ? "averageValue" : "value";
                var value = now.filter(n -> n.has(key)).map(n -> n.path(key).asString("")).orElse("<unknown>");
                text = value + "/" + target.path(key).asString("");
            }
            targets.add("Resource".equals(type) ? source.path("name").asString("") + ": " + text : text);
        }
        return String.join(", ", targets);
    }

    private static List<Column> configMaps() {
        return List.of(NAME,
                Column.of("Data", "The number of entries in the ConfigMap.",
                        c -> (long) c.path("data").size() + c.path("binaryData").size()).typed("integer"),
                AGE);
    }

    private static List<Column> secrets() {
        return List.of(NAME,
                Column.of("Type", "The type of the secret", s -> s.path("type").asString("Opaque")),
                Column.of("Data", "The number of entries in the secret",
                        s -> (long) s.path("data").size()).typed("integer"),
                AGE);
    }

    private static String orNone(String value) {
        return value.isEmpty() ? NONE : value;
    }

    private static String orUnknown(String value) {
        return value.isEmpty() ? "<unknown>" : value;
    }

    /** A timestamp's age as Kubernetes' {@code duration.HumanDuration} writes it ({@code 45s}, {@code 3m5s}, {@code 2d4h}). */
    static String age(String timestamp) {
        if (timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return humanDuration(Duration.between(Instant.parse(timestamp), Instant.now()));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    static String humanDuration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
