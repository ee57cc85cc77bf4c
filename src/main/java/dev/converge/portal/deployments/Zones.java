package dev.converge.portal.deployments;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.platform.kubernetes.cache.CacheIndexes;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.security.CurrentUser;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The cluster's zones as nodes label them ({@code topology.kubernetes.io/zone}), with capacity read from the informer
 * caches, and which of them admins closed to new deployments. Closures live in the portal's database (table
 * {@code zone_closures}), not in the cluster: they are a portal rule, and other tools keep scheduling there.
 */
@Service
public class Zones {

    public static final String ZONE_LABEL = dev.converge.portal.platform.kubernetes.ZonePlacement.ZONE_LABEL;
    public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";

    private final KubernetesCaches caches;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    public Zones(KubernetesCaches caches, JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.caches = caches;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every zone some node is in. */
    public SortedSet<String> names() {
        var zones = new TreeSet<String>();
        nodes().forEach(node -> zoneOf(node).ifPresent(zones::add));
        return zones;
    }

    /** GPU types (node label {@code nvidia.com/gpu.product}) present in a zone. */
    public SortedSet<String> gpuTypesIn(String zone) {
        var types = new TreeSet<String>();
        nodes().stream().filter(node -> zoneOf(node).filter(zone::equals).isPresent())
                .map(node -> label(node, GPU_PRODUCT_LABEL)).filter(type -> type != null).forEach(types::add);
        return types;
    }

    /** The zone of a node, for telling where pods landed. */
    public Optional<String> zoneOfNode(String nodeName) {
        if (nodeName == null || nodeName.isBlank()) {
            return Optional.empty();
        }
        return caches.get(Node.class, null, nodeName).flatMap(Zones::zoneOf);
    }

    public Optional<ZoneClosure> closure(String zone) {
        return jdbc.sql("SELECT * FROM zone_closures WHERE zone = ?").param(zone)
                .query((rs, row) -> new ZoneClosure(rs.getString("zone"), rs.getString("reason"),
                        rs.getString("closed_by"), rs.getTimestamp("closed_at").toInstant()))
                .optional();
    }

    /**
     * Every zone with its capacity; of the deployments running in it only those the user may read (admins: all), so
     * a zone's contents never tell one team what another runs.
     */
    public List<ZoneSummary> summaries(CurrentUser user) {
        var closures = new TreeMap<String, ZoneClosure>();
        jdbc.sql("SELECT * FROM zone_closures").query((rs, row) -> new ZoneClosure(rs.getString("zone"),
                rs.getString("reason"), rs.getString("closed_by"), rs.getTimestamp("closed_at").toInstant()))
                .list().forEach(closure -> closures.put(closure.zone(), closure));
        var result = new ArrayList<ZoneSummary>();
        for (var zone : names()) {
            result.add(summary(zone, closures.get(zone), user));
        }
        return result;
    }

    public ZoneSummary summary(String zone, CurrentUser user) {
        if (!names().contains(zone)) {
            throw ZoneNotFound.named(zone);
        }
        return summary(zone, closure(zone).orElse(null), user);
    }

    /** How many more pods of this size each zone has room for (node by node, as the scheduler packs them). */
    public Map<String, Integer> room(ResourceAmounts each, String gpuType) {
        var room = new TreeMap<String, Integer>();
        for (var node : nodes()) {
            var zone = zoneOf(node);
            if (zone.isEmpty()) {
                continue;
            }
            int fits = 0;
            if (each.gpus() == 0 || gpuType == null || gpuType.equals(label(node, GPU_PRODUCT_LABEL))) {
                fits = free(node).howMany(each);
            }
            room.merge(zone.get(), fits, Integer::sum);
        }
        return room;
    }

    /**
     * The most free on one node, resource by resource, among the nodes of {@code zones} (all when empty); GPUs only
     * on nodes of {@code gpuType} when one is asked for. What a pod that fits nowhere is compared against.
     */
    ResourceAmounts largestFree(java.util.Collection<String> zones, String gpuType) {
        long cpu = 0;
        long memory = 0;
        int gpus = 0;
        for (var node : nodes()) {
            var zone = zoneOf(node);
            if (zone.isEmpty() || (!zones.isEmpty() && !zones.contains(zone.get()))) {
                continue;
            }
            var free = free(node);
            cpu = Math.max(cpu, free.cpuMillis());
            memory = Math.max(memory, free.memoryBytes());
            if (gpuType == null || gpuType.isBlank() || gpuType.equals(label(node, GPU_PRODUCT_LABEL))) {
                gpus = Math.max(gpus, free.gpus());
            }
        }
        return new ResourceAmounts(cpu, memory, gpus);
    }

    public void close(String zone, String reason, CurrentUser user) {
        requireAdmin(user, "close");
        if (!names().contains(zone)) {
            throw ZoneNotFound.named(zone);
        }
        if (reason == null || reason.isBlank()) {
            throw InvalidDeployment.field("reason", "deployments.error.zones.reason");
        }
        var trimmed = reason.strip().length() > 500 ? reason.strip().substring(0, 500) : reason.strip();
        jdbc.sql("DELETE FROM zone_closures WHERE zone = ?").param(zone).update();
        jdbc.sql("INSERT INTO zone_closures (zone, reason, closed_by, closed_at) VALUES (?, ?, ?, ?)")
                .params(zone, trimmed, user.username(), Timestamp.from(clock.instant())).update();
        audit.record(user.username(), "zone.close", zone, AuditOutcome.SUCCESS, trimmed);
    }

    public void open(String zone, CurrentUser user) {
        requireAdmin(user, "open");
        if (!names().contains(zone)) {
            throw ZoneNotFound.named(zone);
        }
        jdbc.sql("DELETE FROM zone_closures WHERE zone = ?").param(zone).update();
        audit.record(user.username(), "zone.open", zone, AuditOutcome.SUCCESS, null);
    }

    /** {@code action}: close or open. */
    private void requireAdmin(CurrentUser user, String action) {
        if (!user.isAdmin()) {
            audit.record(user.username(), "zone." + action, "zones", AuditOutcome.DENIED, null);
            throw DeploymentAccessDenied.adminsOnly(action);
        }
    }

    private ZoneSummary summary(String zone, ZoneClosure closure, CurrentUser user) {
        int count = 0;
        var allocatable = ResourceAmounts.NONE;
        var requested = ResourceAmounts.NONE;
        var gpus = new TreeMap<String, ZoneSummary.GpuUsage>();
        var deployments = new TreeSet<String>();
        for (var node : nodes()) {
            if (zoneOf(node).filter(zone::equals).isEmpty()) {
                continue;
            }
            count++;
            var nodeAllocatable = ResourceAmounts.allocatable(node);
            var nodeRequested = ResourceAmounts.NONE;
            for (var pod : podsOn(node)) {
                nodeRequested = nodeRequested.plus(ResourceAmounts.requested(pod));
                var app = pod.getMetadata().getLabels() == null ? null
                        : pod.getMetadata().getLabels().get(DeploymentManifests.NAME_LABEL);
                if (app != null && user.canRead(pod.getMetadata().getNamespace())) {
                    deployments.add(pod.getMetadata().getNamespace() + "/" + app);
                }
            }
            allocatable = allocatable.plus(nodeAllocatable);
            requested = requested.plus(nodeRequested);
            var type = label(node, GPU_PRODUCT_LABEL);
            if (type != null || nodeAllocatable.gpus() > 0) {
                var key = type == null ? "unknown" : type;
                var sum = nodeRequested.gpus();
                gpus.merge(key, new ZoneSummary.GpuUsage(nodeAllocatable.gpus(), sum),
                        (a, b) -> new ZoneSummary.GpuUsage(a.allocatable() + b.allocatable(),
                                a.requested() + b.requested()));
            }
        }
        return new ZoneSummary(zone, count, allocatable.cpuMillis(), requested.cpuMillis(),
                allocatable.memoryBytes(), requested.memoryBytes(), gpus, List.copyOf(deployments), closure);
    }

    private ResourceAmounts free(Node node) {
        var used = ResourceAmounts.NONE;
        for (var pod : podsOn(node)) {
            used = used.plus(ResourceAmounts.requested(pod));
        }
        return ResourceAmounts.allocatable(node).minus(used);
    }

    /** Pods that hold resources on a node: bound and not finished. */
    private List<Pod> podsOn(Node node) {
        return caches.query(Pod.class).indexed(CacheIndexes.NODE, node.getMetadata().getName())
                .where(pod -> pod.getStatus() == null || !("Succeeded".equals(pod.getStatus().getPhase())
                        || "Failed".equals(pod.getStatus().getPhase())))
                .list();
    }

    private List<Node> nodes() {
        return caches.list(Node.class, null);
    }

    private static Optional<String> zoneOf(Node node) {
        return Optional.ofNullable(label(node, ZONE_LABEL));
    }

    private static String label(Node node, String key) {
        var labels = node.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
