package dev.converge.portal.cost;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.springframework.stereotype.Component;

/**
 * The recommendations of every namespace, computed in the background when new usage samples arrive (by the
 * sampling job on the leader; on the other replicas when they see newer samples in the table) and read by the
 * dashboard: a view costs a filter of the latest list, not a run of the {@link Recommender}. It is computed again
 * with each sample and when deployments change ({@link AdviceFollowsDeployments}), so advice the user applied leaves
 * the list within seconds.
 */
@Component
public class CostAdvice {

    /** What was advised, from which samples (their newest time), when. */
    record Latest(Instant samplesUpTo, Instant computedAt, List<Recommendation> list) {
        static final Latest NONE = new Latest(null, null, List.of());
    }

    private final ClusterReader cluster;
    private final CostHistory history;
    private final TeamDirectory teams;
    private final DeploymentViews deployments;
    private final CostProperties properties;
    private final Recommender recommender;
    private final Clock clock;
    private volatile Latest latest = Latest.NONE;

    CostAdvice(ClusterReader cluster, CostHistory history, TeamDirectory teams, DeploymentViews deployments,
               PricingCatalog catalog, Capacity capacity, CostProperties properties, Clock clock) {
        this.cluster = cluster;
        this.history = history;
        this.teams = teams;
        this.deployments = deployments;
        this.properties = properties;
        this.recommender = new Recommender(catalog, capacity, properties, deployments.workingHours());
        this.clock = clock;
    }

    /** Recomputes the advice of every namespace from the pods now and the samples of the observed window. */
    public synchronized void refresh() {
        var namespaces = teams.allNamespaces();
        var now = clock.instant();
        var samplesUpTo = history.newestSampleAt();
        var samples = history.samples(namespaces, now.minus(properties.observedWindow()));
        var list = recommender.advise(cluster.read(namespaces), samples, this::managed);
        latest = new Latest(samplesUpTo, now, list);
    }

    /** On a replica that does not sample: recomputes when the table holds samples newer than the advice. */
    public void refreshIfNewerSamples() {
        var newest = history.newestSampleAt();
        var current = latest;
        if (newest != null && (current.samplesUpTo() == null || newest.isAfter(current.samplesUpTo()))) {
            refresh();
        }
    }

    /** The latest advice for deployments in these namespaces, highest saving first. */
    public List<Recommendation> of(Collection<String> namespaces) {
        return latest.list().stream().filter(r -> namespaces.contains(r.namespace())).toList();
    }

    /** When the latest advice was computed; null before the first. */
    public Instant computedAt() {
        return latest.computedAt();
    }

    private Recommender.Managed managed(String key) {
        var slash = key.indexOf('/');
        return deployments.currentSpec(key.substring(0, slash), key.substring(slash + 1))
                .map(spec -> new Recommender.Managed(spec.autoscaling().on() ? spec.autoscaling().minReplicas()
                        : spec.replicas(), spec.spot(), spec.workingHoursOnly()))
                .orElse(Recommender.Managed.UNKNOWN); // pods of no deployment the portal shows: counted as they run
    }
}
