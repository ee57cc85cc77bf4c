package dev.converge.portal.sandbox.kubernetes.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;

/**
 * The simulated kubelets of all nodes (no container ever runs): a bound pod turns Running after the configured start
 * delay, with its init containers completed first; build pods ({@code converge.dev/kind=build}) log a line per tick
 * and end Succeeded after the build duration, or Failed when a container's {@code SANDBOX_EXIT_CODE} is non-zero;
 * {@code activeDeadlineSeconds} ends a pod with DeadlineExceeded. Every method runs on the simulator's thread.
 */
final class SimulatedKubelet {

    static final String COMPONENT = "kubelet";

    /** A build in progress: when it ends and how far its log has got. */
    private static final class Build {
        final Instant endsAt;
        int lines;

        Build(Instant endsAt) {
            this.endsAt = endsAt;
        }
    }

    private final ObjectView<Pod> pods;
    private final ObjectView<Node> nodes;
    private final ApiWriter writer;
    private final EventRecorder events;
    private final ContainerLogs logs;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Duration startDelay;
    private final Duration buildDuration;
    private final Set<String> starting = new HashSet<>();
    /** The deadline (activeDeadlineSeconds) each running pod's stop is scheduled for. */
    private final Map<String, Long> deadlines = new HashMap<>();
    private final Map<String, Build> builds = new LinkedHashMap<>();
    private final Map<String, Boolean> known = new HashMap<>();
    private int nextIp;

    SimulatedKubelet(ObjectView<Pod> pods, ObjectView<Node> nodes, ApiWriter writer, EventRecorder events,
            ContainerLogs logs, ScheduledExecutorService executor, Clock clock, Duration startDelay,
            Duration buildDuration) {
        this.pods = pods;
        this.nodes = nodes;
        this.writer = writer;
        this.events = events;
        this.logs = logs;
        this.executor = executor;
        this.clock = clock;
        this.startDelay = startDelay;
        this.buildDuration = buildDuration;
    }

    /** How often running builds log a line: at least once a second, more often for short builds. */
    Duration tick() {
        var tenth = buildDuration.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? (tenth.isZero() ? Duration.ofMillis(10) : tenth)
                : Duration.ofSeconds(1);
    }

    void podChanged(Pod pod) {
        var key = Pods.key(pod);
        if (!Pods.isBound(pod) || !Pods.isActive(pod)) {
            return;
        }
        if ("Pending".equals(Pods.phase(pod)) && starting.add(key)) {
            executor.schedule(() -> start(key), startDelay.toMillis(), TimeUnit.MILLISECONDS);
        } else if (Pods.isRunning(pod) && !known.containsKey(key)) {
            adoptRunning(pod);
        } else if (Pods.isRunning(pod)) {
            // a running pod's deadline may be lowered (the portal's cancel does): the kubelet honours the new one
            scheduleDeadline(pod);
        }
    }

    void podDeleted(String key) {
        starting.remove(key);
        deadlines.remove(key);
        builds.remove(key);
        known.remove(key);
        logs.remove(key);
    }

    /** Advances every running build's log by one line and ends the builds whose time is up. */
    void onTick() {
        var now = Instant.now(clock);
        for (var entry : List.copyOf(builds.entrySet())) {
            var pod = pods.get(entry.getKey());
            if (pod == null) {
                builds.remove(entry.getKey());
                continue;
            }
            var build = entry.getValue();
            for (var container : pod.getSpec().getContainers()) {
                logs.append(entry.getKey(), container.getName(), LogScript.buildLine(container.getName(), build.lines));
            }
            build.lines++;
            if (!now.isBefore(build.endsAt)) {
                builds.remove(entry.getKey());
                finishBuild(pod);
            }
        }
    }

    private void start(String key) {
        starting.remove(key);
        var pod = pods.get(key);
        if (pod == null || !Pods.isBound(pod) || !Pods.isActive(pod) || !"Pending".equals(Pods.phase(pod))) {
            return;
        }
        var node = nodes.get(pod.getSpec().getNodeName());
        var now = Instant.now(clock).toString();
        var podIp = "10.244." + (nextIp / 250 % 250) + "." + (nextIp % 250 + 2);
        nextIp++;
        var hostIp = node == null || node.getStatus().getAddresses().isEmpty() ? "10.0.0.1"
                : node.getStatus().getAddresses().get(0).getAddress();
        // The log opens before the API says Running: a client may follow it the moment it reads that.
        pod.getSpec().getContainers().forEach(container -> logs.start(key, container.getName()));
        var running = writer.update(pods, pod, copy -> {
            var status = copy.getStatus();
            status.setPhase("Running");
            status.setStartTime(now);
            status.setPodIP(podIp);
            status.setPodIPs(List.of(new PodIPBuilder().withIp(podIp).build()));
            status.setHostIP(hostIp);
            status.setQosClass(Resources.requestsOf(copy).equals(Resources.NONE) ? "BestEffort" : "Burstable");
            status.setInitContainerStatuses(copy.getSpec().getInitContainers().stream()
                    .map(container -> terminated(container, 0, "Completed", now)).toList());
            status.setContainerStatuses(copy.getSpec().getContainers().stream()
                    .map(container -> runningStatus(container, now)).toList());
            for (var type : List.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready")) {
                PodScheduler.setCondition(copy, new PodConditionBuilder().withType(type).withStatus("True")
                        .withLastTransitionTime(now).build());
            }
            return copy;
        }, true);
        if (running == null) {
            pod.getSpec().getContainers().forEach(container -> logs.stop(key, container.getName()));
            return;
        }
        var host = pod.getSpec().getNodeName();
        for (var container : running.getSpec().getInitContainers()) {
            containerEvents(running, container, host);
            logs.append(key, container.getName(), LogScript.initLine(container.getName()));
            logs.stop(key, container.getName());
        }
        for (var container : running.getSpec().getContainers()) {
            containerEvents(running, container, host);
            logs.start(key, container.getName());
            if (!Pods.isBuild(running)) {
                LogScript.serverStart(container.getName(), container.getImage())
                        .forEach(line -> logs.append(key, container.getName(), line));
            }
        }
        adoptRunning(running);
    }

    /** Tracks a Running pod, also one found Running after a portal restart. */
    private void adoptRunning(Pod pod) {
        var key = Pods.key(pod);
        known.put(key, Boolean.TRUE);
        var startedAt = startTime(pod);
        if (Pods.isBuild(pod) && !builds.containsKey(key)) {
            for (var container : pod.getSpec().getContainers()) {
                logs.start(key, container.getName());
            }
            builds.put(key, new Build(startedAt.plus(buildDuration)));
        }
        scheduleDeadline(pod);
    }

    private void scheduleDeadline(Pod pod) {
        var key = Pods.key(pod);
        var deadline = pod.getSpec().getActiveDeadlineSeconds();
        if (deadline != null && !deadline.equals(deadlines.put(key, deadline))) {
            var delay = Duration.between(Instant.now(clock), startTime(pod).plusSeconds(deadline));
            executor.schedule(() -> deadlineExceeded(key), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void finishBuild(Pod pod) {
        int exitCode = pod.getSpec().getContainers().stream().mapToInt(Pods::requestedExitCode)
                .filter(code -> code != 0).findFirst().orElse(0);
        var key = Pods.key(pod);
        for (var container : pod.getSpec().getContainers()) {
            LogScript.buildEnd(Pods.requestedExitCode(container))
                    .forEach(line -> logs.append(key, container.getName(), line));
        }
        end(pod, exitCode == 0 ? "Succeeded" : "Failed", null, null,
                container -> Pods.requestedExitCode(container),
                container -> exitCode == 0 ? pushedImage(pod, container) : null);
    }

    /**
     * What a real builder reports on success (kaniko with {@code --image-name-with-digest-file=/dev/termination-log}
     * or a script writing it): the image it pushed to {@code BUILD_IMAGE}, pinned by the digest of what it pushed,
     * here one derived from the pod so each build has its own.
     */
    private static String pushedImage(Pod pod, Container container) {
        var destination = container.getEnv() == null ? null : container.getEnv().stream()
                .filter(env -> "BUILD_IMAGE".equals(env.getName()) && env.getValue() != null)
                .map(io.fabric8.kubernetes.api.model.EnvVar::getValue).findFirst().orElse(null);
        if (destination == null) {
            return null;
        }
        var repository = destination.replaceFirst(":[^/:]*$", "");
        return "image: " + repository + "@" + digest(Pods.key(pod) + "/" + pod.getMetadata().getUid()) + "\n";
    }

    private void deadlineExceeded(String key) {
        var pod = pods.get(key);
        if (pod == null || Pods.isTerminated(pod) || !Pods.isRunning(pod)) {
            deadlines.remove(key);
            return;
        }
        var deadline = pod.getSpec().getActiveDeadlineSeconds();
        if (deadline == null) {
            return;
        }
        var due = startTime(pod).plusSeconds(deadline);
        var now = Instant.now(clock);
        if (now.isBefore(due)) {
            // early: the delay was rounded down to milliseconds, or the deadline has changed since
            executor.schedule(() -> deadlineExceeded(key), Duration.between(now, due).toMillis() + 1,
                    TimeUnit.MILLISECONDS);
            return;
        }
        deadlines.remove(key);
        builds.remove(key);
        pod.getSpec().getContainers().forEach(container ->
                logs.append(key, container.getName(), "[sandbox] container killed: active deadline exceeded"));
        end(pod, "Failed", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline",
                container -> 137, container -> null);
        events.warning(pod, COMPONENT, "DeadlineExceeded",
                "Pod was active on the node longer than the specified deadline");
    }

    private void end(Pod pod, String phase, String reason, String message,
            java.util.function.ToIntFunction<Container> exitCodeOf,
            java.util.function.Function<Container, String> terminationMessageOf) {
        var key = Pods.key(pod);
        var now = Instant.now(clock).toString();
        writer.update(pods, pod, copy -> {
            var status = copy.getStatus();
            status.setPhase(phase);
            status.setReason(reason);
            status.setMessage(message);
            var startedAt = status.getStartTime() == null ? now : status.getStartTime();
            status.setContainerStatuses(copy.getSpec().getContainers().stream()
                    .map(container -> {
                        int code = exitCodeOf.applyAsInt(container);
                        var ended = terminated(container, code, code == 0 ? "Completed" : "Error", now);
                        ended.getState().getTerminated().setStartedAt(startedAt);
                        ended.getState().getTerminated().setMessage(terminationMessageOf.apply(container));
                        return ended;
                    }).toList());
            for (var type : List.of("ContainersReady", "Ready")) {
                PodScheduler.setCondition(copy, new PodConditionBuilder().withType(type).withStatus("False")
                        .withReason("PodCompleted").withLastTransitionTime(now).build());
            }
            return copy;
        }, true);
        pod.getSpec().getContainers().forEach(container -> logs.stop(key, container.getName()));
    }

    private void containerEvents(Pod pod, Container container, String host) {
        events.normal(pod, COMPONENT, host, "Pulled", "Successfully pulled image \"" + container.getImage()
                + "\" in 1.2s (simulated)");
        events.normal(pod, COMPONENT, host, "Created", "Created container " + container.getName());
        events.normal(pod, COMPONENT, host, "Started", "Started container " + container.getName());
    }

    private Instant startTime(Pod pod) {
        try {
            return Instant.parse(pod.getStatus().getStartTime());
        } catch (RuntimeException e) {
            return Instant.now(clock);
        }
    }

    private static ContainerStatus runningStatus(Container container, String now) {
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(imageId(container))
                .withContainerID("simulated://" + Integer.toHexString((container.getName() + now).hashCode()))
                .withReady(true)
                .withStarted(true)
                .withRestartCount(0)
                .withNewState().withNewRunning(now).endState()
                .build();
    }

    private static ContainerStatus terminated(Container container, int exitCode, String reason, String now) {
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(imageId(container))
                .withContainerID("simulated://" + Integer.toHexString((container.getName() + now).hashCode()))
                .withReady(false)
                .withStarted(false)
                .withRestartCount(0)
                .withNewState().withNewTerminated()
                    .withExitCode(exitCode).withReason(reason).withStartedAt(now).withFinishedAt(now)
                .endTerminated().endState()
                .build();
    }

    private static String imageId(Container container) {
        return container.getImage() + "@" + digest(String.valueOf(container.getImage()));
    }

    /** A stable, plausible {@code sha256:<64 hex>} digest of a text. */
    private static String digest(String text) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
