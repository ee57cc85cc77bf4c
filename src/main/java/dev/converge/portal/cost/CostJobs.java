package dev.converge.portal.cost;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.converge.portal.platform.kubernetes.LeaderElection;
import dev.converge.portal.platform.kubernetes.PodUsage;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The cost feature's two timers on one daemon thread: every {@code sample-interval} pod usage is read and kept per
 * deployment, and the recommendations are computed again from the new samples ({@link CostAdvice}; a replica that
 * does not lead only recomputes them when it finds newer samples in the table); every {@code snapshot-interval} today's snapshot is rewritten (days are UTC
 * days; a day keeps the last snapshot written on it, so running the job twice a day changes nothing twice).
 * <p>
 * Advice also follows the deployments ({@link AdviceFollowsDeployments}): changes within {@link #ADVICE_SETTLE} make
 * one recomputation, so a recommendation the user just applied leaves the dashboard without waiting for the next
 * sample.
 */
@Component
public class CostJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CostJobs.class);
    private static final Duration FIRST_RUN = Duration.ofSeconds(20);
    static final Duration ADVICE_SETTLE = Duration.ofSeconds(2);
    static final int SNAPSHOT_DAYS_KEPT = 400;

    private final CostProperties properties;
    private final PodUsage usage;
    private final ClusterReader cluster;
    private final TeamDirectory teams;
    private final PricingCatalog catalog;
    private final CostHistory history;
    private final Clock clock;
    private final CostAdvice advice;
    private volatile ScheduledExecutorService executor;
    /** Samples and snapshots are written once for the cluster, by the replica that leads. */
    private final LeaderElection election;
    private final AtomicBoolean adviceRefreshPending = new AtomicBoolean();

    CostJobs(CostProperties properties, PodUsage usage, ClusterReader cluster, TeamDirectory teams,
             PricingCatalog catalog, CostHistory history, Clock clock, LeaderElection election, CostAdvice advice) {
        this.advice = advice;
        this.election = election;
        this.properties = properties;
        this.usage = usage;
        this.cluster = cluster;
        this.teams = teams;
        this.catalog = catalog;
        this.history = history;
        this.clock = clock;
    }

    /** Reads usage now, keeps one sample per deployment and computes the advice from the new samples. */
    public void sample() {
        usage.refresh();
        var now = clock.instant();
        var byDeployment = new HashMap<String, long[]>();
        var names = new HashMap<String, String[]>();
        for (var pod : cluster.read(teams.allNamespaces())) {
            if (pod.deployment().isEmpty()) {
                continue;
            }
            var key = pod.namespace() + "/" + pod.deployment();
            names.putIfAbsent(key, new String[] {pod.namespace(), pod.deployment()});
            var sum = byDeployment.computeIfAbsent(key, k -> new long[3]);
            sum[0]++;
            sum[1] += Math.round(pod.cpuUsage() * 1000);
            sum[2] += Math.round(pod.memoryUsage() * 1024 * 1024 * 1024);
        }
        var samples = new ArrayList<UsageSample>();
        byDeployment.forEach((key, sum) -> samples.add(new UsageSample(names.get(key)[0], names.get(key)[1], now,
                (int) sum[0], sum[1] / sum[0], sum[2] / sum[0])));
        history.recordSamples(samples);
        history.prune(now.minus(properties.observedWindow().multipliedBy(2)),
                today().minusDays(SNAPSHOT_DAYS_KEPT));
        advice.refresh();
    }

    /** Writes today's snapshot from the run-rate now. */
    public void snapshot() {
        var pods = cluster.read(teams.allNamespaces());
        var allocations = new ArrayList<Allocation>(pods.size());
        var prices = new HashMap<String, ZonePrices>();
        for (var pod : pods) {
            allocations.add(Allocation.of(pod, prices.computeIfAbsent(pod.zone(),
                    zone -> catalog.in(zone.isEmpty() ? null : zone))));
        }
        history.writeSnapshot(today(), List.copyOf(allocations));
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "cost-jobs");
            thread.setDaemon(true);
            return thread;
        });
        schedule(properties.sampleInterval(), this::sample, advice::refreshIfNewerSamples);
        schedule(properties.snapshotInterval(), this::snapshot, null);
    }

    /**
     * Recomputes the advice once the deployments' changes settle ({@link AdviceFollowsDeployments}; on every replica,
     * each holds its own advice).
     */
    void refreshAdviceSoon() {
        var jobs = executor;
        if (jobs == null || !adviceRefreshPending.compareAndSet(false, true)) {
            return;
        }
        try {
            jobs.schedule(() -> {
                adviceRefreshPending.set(false);
                try {
                    advice.refresh();
                } catch (RuntimeException e) {
                    log.warn("Cost advice refresh failed: {}", e.toString());
                }
            }, ADVICE_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            adviceRefreshPending.set(false);
        }
    }

    /** Runs {@code job} on the leader; {@code followerJob} (may be null) on the other replicas. */
    private void schedule(Duration period, Runnable job, Runnable followerJob) {
        if (period.isZero() || period.isNegative()) {
            return;
        }
        executor.scheduleWithFixedDelay(() -> {
            var run = election.isLeader() ? job : followerJob;
            if (run == null) {
                return;
            }
            try {
                run.run();
            } catch (RuntimeException e) {
                log.warn("Cost job failed: {}", e.toString());
            }
        }, FIRST_RUN.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
