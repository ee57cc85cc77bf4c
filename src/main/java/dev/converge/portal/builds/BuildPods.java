package dev.converge.portal.builds;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * How a build is written as a pod, and read back. The pod: {@code restartPolicy: Never}, the DESIGN.md §4 labels,
 * annotations naming the artifact, its SHA-256 and the user, an init container that fetches the artifact with the
 * keys of a Secret and checks its SHA-256 before the build container runs, and {@code activeDeadlineSeconds}.
 */
final class BuildPods {

    static final String KIND_LABEL = "converge.dev/kind";
    static final String KIND = "build";
    static final String TEAM_LABEL = "converge.dev/team";
    static final String CREATED_BY_LABEL = "converge.dev/created-by";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String ARTIFACT = "converge.dev/artifact";
    static final String ARTIFACT_SHA256 = "converge.dev/artifact-sha256";
    static final String CREATED_BY = "converge.dev/created-by";
    static final String RETRY_OF = "converge.dev/retry-of";
    static final String CANCELLED_BY = "converge.dev/cancelled-by";
    static final String CANCELLED_AT = "converge.dev/cancelled-at";
    /** The timeout the build was started with, kept when a cancel shortens the deadline, so a retry gets it back. */
    static final String TIMEOUT_SECONDS = "converge.dev/timeout-seconds";
    /** Where the build pushes its image (without a digest); the builder reports the digest it pushed. */
    static final String IMAGE_ENV = "BUILD_IMAGE";
    static final String BUILD_CONTAINER = "build";
    static final String FETCH_CONTAINER = "fetch-artifact";
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String GPU = "nvidia.com/gpu";
    private static final String WORKSPACE = "/workspace";
    /**
     * A line of the build container's termination message naming the image it pushed, pinned by digest:
     * {@code image: <ref>@sha256:<hex>}, or the bare reference as kaniko's
     * {@code --image-name-with-digest-file=/dev/termination-log} writes it.
     */
    private static final Pattern PUSHED_IMAGE = Pattern.compile(
            "^(?:image:\\s*)?([a-z0-9][^\\s@]*@sha256:[0-9a-f]{64})\\s*$", Pattern.MULTILINE);

    /**
     * Fetches the artifact with the MinIO client and checks it against the SHA-256 recorded at upload. A mismatch
     * fails the init container, so the build never runs; its message lands in the termination log, which the portal
     * shows as the build's failure reason.
     */
    static final String FETCH_SCRIPT = """
            set -eu
            mkdir -p /workspace/artifact
            mc alias set store "$S3_ENDPOINT" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" >/dev/null
            mc cp --quiet "store/$ARTIFACT_BUCKET/$ARTIFACT_KEY" "$ARTIFACT_PATH"
            if ! echo "$ARTIFACT_SHA256  $ARTIFACT_PATH" | sha256sum -c -; then
              echo "SHA-256 mismatch: $ARTIFACT_KEY does not match the checksum recorded at upload ($ARTIFACT_SHA256)" \\
                | tee /dev/termination-log >&2
              exit 1
            fi
            """;

    private BuildPods() {
    }

    /** Everything the pod needs beyond the request: who asks, what was checked, where storage is. */
    record Context(String team, String user, String artifactSha256, String bucket, String storageEndpoint,
            String storageSecret, String fetcherImage, String retryOf, String imageDestination) {
    }

    static Pod newPod(BuildRequest request, Context context) {
        var artifactFile = request.artifact().substring(request.artifact().lastIndexOf('/') + 1);
        var artifactPath = WORKSPACE + "/artifact/" + artifactFile;
        var artifactEnv = List.of(
                env("ARTIFACT_KEY", request.artifact()),
                env("ARTIFACT_SHA256", context.artifactSha256()),
                env("ARTIFACT_PATH", artifactPath));
        var fetchEnv = new ArrayList<>(artifactEnv);
        fetchEnv.add(env("ARTIFACT_BUCKET", context.bucket()));
        fetchEnv.add(env("S3_ENDPOINT", context.storageEndpoint()));
        fetchEnv.add(secretEnv("AWS_ACCESS_KEY_ID", context.storageSecret()));
        fetchEnv.add(secretEnv("AWS_SECRET_ACCESS_KEY", context.storageSecret()));
        fetchEnv.add(env("MC_CONFIG_DIR", "/tmp/mc"));
        var buildEnv = new ArrayList<>(artifactEnv);
        buildEnv.add(env(IMAGE_ENV, context.imageDestination()));
        request.env().forEach((name, value) -> buildEnv.add(env(name, value)));

        var resources = request.resources();
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        amounts.put("cpu", new Quantity(resources.cpu()));
        amounts.put("memory", new Quantity(resources.memory()));
        if (resources.gpu() > 0) {
            amounts.put(GPU, new Quantity(Integer.toString(resources.gpu())));
        }
        var annotations = new LinkedHashMap<String, String>();
        annotations.put(ARTIFACT, request.artifact());
        annotations.put(ARTIFACT_SHA256, context.artifactSha256());
        annotations.put(CREATED_BY, context.user());
        if (context.retryOf() != null) {
            annotations.put(RETRY_OF, context.retryOf());
        }
        return new PodBuilder()
                .withNewMetadata()
                    .withName(request.name())
                    .withNamespace(request.namespace())
                    .withLabels(labels(request.name(), context.team(), context.user()))
                    .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withActiveDeadlineSeconds(request.timeoutSeconds().longValue())
                    .withEnableServiceLinks(false)
                    .withAutomountServiceAccountToken(false)
                    .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume()
                    .addToInitContainers(new ContainerBuilder()
                            .withName(FETCH_CONTAINER)
                            .withImage(context.fetcherImage())
                            .withCommand("sh", "-c", FETCH_SCRIPT)
                            .withEnv(fetchEnv)
                            .withTerminationMessagePolicy("FallbackToLogsOnError")
                            .addNewVolumeMount().withName("workspace").withMountPath(WORKSPACE).endVolumeMount()
                            .withNewResources()
                                .addToRequests("cpu", new Quantity("100m"))
                                .addToRequests("memory", new Quantity("128Mi"))
                                .addToLimits("memory", new Quantity("256Mi"))
                            .endResources()
                            .withNewSecurityContext().withAllowPrivilegeEscalation(false).endSecurityContext()
                            .build())
                    .addToContainers(new ContainerBuilder()
                            .withName(BUILD_CONTAINER)
                            .withImage(request.baseImage())
                            .withCommand("sh", "-c", request.command())
                            .withWorkingDir(WORKSPACE)
                            .withEnv(buildEnv)
                            .withTerminationMessagePolicy("FallbackToLogsOnError")
                            .addNewVolumeMount().withName("workspace").withMountPath(WORKSPACE).endVolumeMount()
                            .withNewResources().withRequests(amounts).withLimits(amounts).endResources()
                            .withNewSecurityContext().withAllowPrivilegeEscalation(false).endSecurityContext()
                            .build())
                .endSpec()
                .build();
    }

    /** A new pod from an existing build's spec, under a new name, linked to the first by annotation. */
    static Pod retryOf(Pod original, String newName, String user, String team) {
        var metadata = original.getMetadata();
        var annotations = new LinkedHashMap<>(Optional.ofNullable(metadata.getAnnotations()).orElse(Map.of()));
        annotations.put(RETRY_OF, metadata.getName());
        annotations.put(CREATED_BY, user);
        annotations.remove(CANCELLED_BY);
        annotations.remove(CANCELLED_AT);
        var spec = new PodBuilder().withSpec(original.getSpec()).build().getSpec();
        spec.setNodeName(null);
        var timeout = annotations.remove(TIMEOUT_SECONDS);
        if (timeout != null) {
            spec.setActiveDeadlineSeconds(Long.valueOf(timeout));
        }
        return new PodBuilder()
                .withNewMetadata()
                    .withName(newName)
                    .withNamespace(metadata.getNamespace())
                    .withLabels(labels(newName, team, user))
                    .withAnnotations(annotations)
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    static Map<String, String> labels(String name, String team, String user) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(MANAGED_BY_LABEL, "converge-portal");
        labels.put(NAME_LABEL, name);
        labels.put(TEAM_LABEL, team);
        labels.put(KIND_LABEL, KIND);
        labels.put(CREATED_BY_LABEL, labelValue(user));
        return labels;
    }

    /** A user name as a label value: at most 63 of [a-z0-9._-], starting and ending alphanumeric. */
    static String labelValue(String value) {
        var cleaned = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        cleaned = cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
        return cleaned.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    }

    /** What a Kubernetes quantity ({@code 500m}, {@code 2Gi}) amounts to, in cores or bytes. */
    static BigDecimal amount(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }

    static boolean isBuild(Pod pod) {
        var labels = pod.getMetadata().getLabels();
        return labels != null && KIND.equals(labels.get(KIND_LABEL));
    }

    static String artifactOf(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ARTIFACT);
    }

    /** The pod's phase, except that a cancelled build is Cancelled from the moment it is asked, whatever its phase. */
    static BuildStatus status(Pod pod) {
        if (annotation(pod, CANCELLED_BY) != null) {
            return BuildStatus.CANCELLED;
        }
        return BuildStatus.ofPhase(pod.getStatus() == null ? null : pod.getStatus().getPhase());
    }

    private static String annotation(Pod pod, String name) {
        var annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name);
    }

    /** The image a succeeded build reported pushing, pinned by digest; null before, or if it reported none. */
    static String image(Pod pod) {
        if (!"Succeeded".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
            return null;
        }
        return containerStatuses(pod, false).stream()
                .filter(status -> BUILD_CONTAINER.equals(status.getName()) || containerStatuses(pod, false).size() == 1)
                .map(status -> status.getState() == null || status.getState().getTerminated() == null ? null
                        : status.getState().getTerminated().getMessage())
                .filter(Objects::nonNull)
                .map(PUSHED_IMAGE::matcher)
                .filter(java.util.regex.Matcher::find)
                .map(matcher -> matcher.group(1))
                .findFirst()
                .orElse(null);
    }

    static Build toBuild(Pod pod, Function<String, String> zoneOfNode, Clock clock) {
        var metadata = pod.getMetadata();
        var annotations = Optional.ofNullable(metadata.getAnnotations()).orElse(Map.of());
        var status = status(pod);
        var startedAt = startedAt(pod);
        var cancelledAt = instant(annotations.get(CANCELLED_AT));
        var finishedAt = status.finished() ? finishedAt(pod) : null;
        if (status == BuildStatus.CANCELLED && finishedAt == null) {
            // asked to stop but not stopped yet (or never scheduled): it ended, for the person, when cancelled
            finishedAt = cancelledAt;
        }
        Long duration = startedAt == null ? null
                : Math.max(0, Duration.between(startedAt, finishedAt != null ? finishedAt : clock.instant()).toSeconds());
        var node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return new Build(metadata.getNamespace(), metadata.getName(), status, annotations.get(ARTIFACT),
                annotations.get(ARTIFACT_SHA256), buildContainer(pod).map(Container::getImage).orElse(null),
                annotations.get(CREATED_BY), instant(metadata.getCreationTimestamp()), startedAt, finishedAt,
                duration, node, node == null || node.isEmpty() ? null : zoneOfNode.apply(node), message(pod, status),
                annotations.get(RETRY_OF), image(pod), annotations.get(CANCELLED_BY), cancelledAt);
    }

    static List<BuildTimeline> timeline(Pod pod, Build build) {
        var steps = new ArrayList<BuildTimeline>();
        steps.add(new BuildTimeline("created", build.createdAt(), null));
        condition(pod, "PodScheduled").ifPresent(scheduled -> steps.add(new BuildTimeline(
                "True".equals(scheduled.getStatus()) ? "scheduled" : "waiting",
                instant(scheduled.getLastTransitionTime()),
                "True".equals(scheduled.getStatus()) ? build.node() : scheduled.getMessage())));
        if (build.startedAt() != null) {
            steps.add(new BuildTimeline("started", build.startedAt(), null));
        }
        if (build.cancelledBy() != null) {
            steps.add(new BuildTimeline("cancelled", build.cancelledAt(), build.cancelledBy()));
        }
        if (build.finishedAt() != null && build.status() != BuildStatus.CANCELLED) {
            steps.add(new BuildTimeline("finished", build.finishedAt(),
                    build.status().phase() + (build.message() == null ? "" : ": " + build.message())));
        }
        return steps;
    }

    private static Optional<Container> buildContainer(Pod pod) {
        if (pod.getSpec() == null) {
            return Optional.empty();
        }
        return pod.getSpec().getContainers().stream().filter(c -> BUILD_CONTAINER.equals(c.getName())).findFirst()
                .or(() -> pod.getSpec().getContainers().stream().findFirst());
    }

    private static Instant startedAt(Pod pod) {
        return pod.getStatus() == null ? null : instant(pod.getStatus().getStartTime());
    }

    private static Instant finishedAt(Pod pod) {
        return containerStatuses(pod, false).stream()
                .map(s -> s.getState() == null || s.getState().getTerminated() == null ? null
                        : instant(s.getState().getTerminated().getFinishedAt()))
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    /**
     * Why the build is where it is: a failed artifact check (init container) first, then the pod's own reason
     * (DeadlineExceeded...), then the build container's exit, or why a pending pod is not scheduled.
     */
    static String message(Pod pod, BuildStatus status) {
        if (status == BuildStatus.CANCELLED) {
            // the deadline a cancel shortens ends the pod as DeadlineExceeded: who cancelled it says more
            return null;
        }
        for (var init : containerStatuses(pod, true)) {
            var terminated = init.getState() == null ? null : init.getState().getTerminated();
            if (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0) {
                return "Artifact check failed (" + init.getName() + ", exit code " + terminated.getExitCode() + ")"
                        + (terminated.getMessage() == null ? "" : ": " + terminated.getMessage().strip());
            }
        }
        var podStatus = pod.getStatus();
        if (podStatus != null && podStatus.getReason() != null) {
            return podStatus.getReason() + (podStatus.getMessage() == null ? "" : ": " + podStatus.getMessage());
        }
        if (status == BuildStatus.FAILED) {
            for (var container : containerStatuses(pod, false)) {
                var terminated = container.getState() == null ? null : container.getState().getTerminated();
                if (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0) {
                    return "Build exited with code " + terminated.getExitCode()
                            + (terminated.getMessage() == null ? "" : ": " + terminated.getMessage().strip());
                }
            }
        }
        if (status == BuildStatus.PENDING) {
            return condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()))
                    .map(PodCondition::getMessage).orElse(null);
        }
        return null;
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static List<ContainerStatus> containerStatuses(Pod pod, boolean init) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        var statuses = init ? pod.getStatus().getInitContainerStatuses() : pod.getStatus().getContainerStatuses();
        return statuses == null ? List.of() : statuses;
    }

    static Instant instant(String timestamp) {
        try {
            return timestamp == null || timestamp.isEmpty() ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar secretEnv(String name, String secret) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(name).endSecretKeyRef().endValueFrom().build();
    }
}
