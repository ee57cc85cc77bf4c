package dev.converge.portal.builds;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.artifacts.ArtifactKey;
import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.Audited;
import dev.converge.portal.platform.kubernetes.KubernetesUnavailable;
import dev.converge.portal.platform.kubernetes.cache.CacheIndexes;
import dev.converge.portal.platform.kubernetes.cache.CacheQuery;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.kubernetes.cache.ResultPage;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.platform.storage.StorageEndpoint;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.springframework.stereotype.Service;

/**
 * The AI Converge builder: a build is a pod ({@link BuildPods}) in a team namespace. Lists and details read the
 * informer cache; creates, cancels, retries and deletes go to the API server and are audited. Pods are created with
 * a plain create, not server-side apply: a build name is used once, and a create says so (409) where an apply would
 * try to change an existing, immutable pod.
 */
@Service
public class Builds {

    private static final int MAX_RETRY_SUFFIX = 99;
    private static final String LOGS = "build logs";

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final Artifacts artifacts;
    private final TeamDirectory teams;
    private final AuditLog audit;
    private final Clock clock;
    private final PortalProperties.Builds settings;
    private final String bucket;
    private final String storageEndpoint;

    public Builds(KubernetesClient client, KubernetesCaches caches, Artifacts artifacts, TeamDirectory teams,
                  AuditLog audit, Clock clock, PortalProperties properties, ArtifactStore store,
                  StorageEndpoint endpoint) {
        this.client = client;
        this.caches = caches;
        this.artifacts = artifacts;
        this.teams = teams;
        this.audit = audit;
        this.clock = clock;
        this.settings = properties.builds();
        this.bucket = store.bucketName(Bucket.ARTIFACTS);
        this.storageEndpoint = settings.storageEndpoint() != null && !settings.storageEndpoint().isBlank()
                ? settings.storageEndpoint() : endpoint.uri().toString();
    }

    public Build create(CurrentUser user, BuildRequest submitted) {
        var request = submitted.withDefaults();
        var problems = new LinkedHashMap<>(BuildRequestValidator.problems(request));
        if (request.namespace() != null && !teams.allNamespaces().contains(request.namespace())) {
            problems.put("namespace", "builds.error.namespace");
        }
        if (!problems.isEmpty()) {
            throw InvalidBuildRequest.of(problems);
        }
        var target = request.namespace() + "/" + request.name();
        return Audited.call(audit, user.username(), "build.create", target, () -> {
            requireWrite(user, request.namespace());
            var artifact = checkedArtifact(user, request);
            if (caches.get(Pod.class, request.namespace(), request.name()).isPresent()) {
                throw BuildConflict.exists(request.namespace(), request.name());
            }
            var pod = BuildPods.newPod(request, new BuildPods.Context(teams.teamOf(request.namespace()),
                    user.username(), artifact.sha256(), bucket, storageEndpoint, settings.storageSecret(),
                    settings.fetcherImage(), null,
                    settings.registry() + "/" + request.namespace() + "/" + request.name()));
            return toBuild(createPod(pod));
        }, build -> "artifact " + build.artifact() + " sha256 " + build.sha256());
    }

    /**
     * The artifact, after the portal's own check: it exists, the user may read it, and it carries the SHA-256
     * recorded at upload (matching the one asked for, if any). The init container checks the bytes it downloads
     * against that same value, which catches an object changed behind the portal's back after this point.
     */
    private dev.converge.portal.artifacts.Artifact checkedArtifact(CurrentUser user, BuildRequest request) {
        var artifact = artifacts.get(user, ArtifactKey.parse(request.artifact()).key());
        if (artifact.sha256() == null) {
            throw InvalidBuildRequest.of(Map.of("artifact", "builds.error.artifact.noChecksum"));
        }
        if (request.sha256() != null && !request.sha256().equals(artifact.sha256())) {
            throw ChecksumMismatch.of(artifact.key(), request.sha256(), artifact.sha256());
        }
        return artifact;
    }

    /**
     * Builds the user may see, newest first.
     *
     * @param status    empty for all statuses
     * @param namespace null for every namespace the user may read
     */
    public ResultPage<Build> list(CurrentUser user, Optional<BuildStatus> status, String namespace, String search,
                                  int page, int size) {
        var query = visible(user, namespace);
        status.ifPresent(wanted -> query.where(pod -> BuildPods.status(pod) == wanted));
        var pods = query.search(search, pod -> pod.getMetadata().getName(), BuildPods::artifactOf)
                .sortBy(CacheQuery.newestFirst())
                .page(page, size);
        return new ResultPage<>(pods.items().stream().map(this::toBuild).toList(), pods.page(), pods.size(),
                pods.totalItems(), pods.totalPages());
    }

    /** How many builds the user may see are in each status. */
    public Map<BuildStatus, Long> counts(CurrentUser user, String namespace) {
        var counts = new EnumMap<BuildStatus, Long>(BuildStatus.class);
        for (var status : BuildStatus.values()) {
            counts.put(status, 0L);
        }
        visible(user, namespace).list().forEach(pod -> counts.merge(BuildPods.status(pod), 1L, Long::sum));
        return counts;
    }

    public BuildDetail detail(CurrentUser user, String namespace, String name) {
        var pod = find(user, namespace, name);
        var build = toBuild(pod);
        var uid = pod.getMetadata().getUid();
        List<BuildEvent> events = uid == null ? List.of() : caches.query(Event.class).namespace(namespace)
                .indexed(CacheIndexes.INVOLVED_OBJECT, uid)
                .sortBy(java.util.Comparator.comparing(event -> String.valueOf(eventTime(event))))
                .list().stream()
                .map(event -> new BuildEvent(BuildPods.instant(eventTime(event)), event.getType(), event.getReason(),
                        event.getMessage(), event.getCount() == null ? 1 : event.getCount()))
                .toList();
        return new BuildDetail(build, BuildPods.timeline(pod, build), events);
    }

    /** Where a deployment finds the build's model: the artifact in the artifacts bucket. */
    public String modelUri(Build build) {
        return "s3://" + bucket + "/" + build.artifact();
    }

    /**
     * The succeeded build of a namespace that reported pushing exactly this image (pinned by digest), newest first;
     * for the trust dashboard's provenance chain, which checks access itself. Read from the cache.
     */
    public Optional<Build> builtImage(String namespace, String image) {
        if (image == null || !image.contains("@sha256:")) {
            return Optional.empty();
        }
        return caches.query(Pod.class).label(BuildPods.KIND_LABEL, BuildPods.KIND).namespace(namespace)
                .where(pod -> image.equals(BuildPods.image(pod))).sortBy(CacheQuery.newestFirst()).list().stream()
                .findFirst().map(this::toBuild);
    }

    public Build get(CurrentUser user, String namespace, String name) {
        return toBuild(find(user, namespace, name));
    }

    /**
     * Stops a pending or running build and keeps it, as Cancelled, with who and when. A pod's containers cannot be
     * stopped in place and deleting the pod would lose the build (its log, timeline and events), so the cancel
     * annotates the pod and shortens its {@code activeDeadlineSeconds} to 1, the one spec field a running pod lets
     * be lowered: the kubelet then stops it (phase Failed, reason DeadlineExceeded) and the pod stays, like any
     * finished build, until retention removes it. A pod not yet scheduled waits as it is and is stopped the moment it
     * starts; the portal shows it Cancelled from the moment it was asked. The original timeout is kept in an
     * annotation so that a retry runs with it.
     */
    public void cancel(CurrentUser user, String namespace, String name) {
        Audited.run(audit, user.username(), "build.cancel", namespace + "/" + name, () -> {
            requireWrite(user, namespace);
            var pod = find(user, namespace, name);
            if (BuildPods.status(pod).finished()) {
                throw BuildConflict.notActive(namespace, name);
            }
            var annotations = new LinkedHashMap<String, String>();
            annotations.put(BuildPods.CANCELLED_BY, user.username());
            annotations.put(BuildPods.CANCELLED_AT, clock.instant().toString());
            var deadline = pod.getSpec().getActiveDeadlineSeconds();
            if (deadline != null) {
                annotations.put(BuildPods.TIMEOUT_SECONDS, deadline.toString());
            }
            var patch = Map.of("metadata", Map.of("annotations", annotations),
                    "spec", Map.of("activeDeadlineSeconds", 1));
            try {
                client.pods().inNamespace(namespace).withName(name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(patch));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    throw BuildNotFound.named(namespace, name);
                }
                throw e;
            }
        }, null);
    }

    /** Starts a new pod from the build's spec, named {@code <name>-r<n>}, annotated with the build it retries. */
    public Build retry(CurrentUser user, String namespace, String name) {
        var target = namespace + "/" + name;
        return Audited.call(audit, user.username(), "build.retry", target, () -> {
            requireWrite(user, namespace);
            var original = find(user, namespace, name);
            var base = original.getMetadata().getAnnotations() != null
                    && original.getMetadata().getAnnotations().get(BuildPods.RETRY_OF) != null
                    ? original.getMetadata().getAnnotations().get(BuildPods.RETRY_OF) : name;
            var newName = freeRetryName(namespace, base);
            var pod = BuildPods.retryOf(original, newName, user.username(), teams.teamOf(namespace));
            return toBuild(createPod(pod));
        }, build -> build.namespace() + "/" + build.name(), build -> "retry of " + target);
    }

    public void delete(CurrentUser user, String namespace, String name) {
        Audited.run(audit, user.username(), "build.delete", namespace + "/" + name, () -> {
            requireWrite(user, namespace);
            find(user, namespace, name);
            deletePod(namespace, name);
        }, null);
    }

    /** The last lines of the build container's log; empty while it has not started. */
    public String tail(CurrentUser user, String namespace, String name, int lines) {
        find(user, namespace, name);
        caches.requireConnected(Pod.class, LOGS);
        try {
            var log = client.pods().inNamespace(namespace).withName(name).inContainer(BuildPods.BUILD_CONTAINER)
                    .tailingLines(Math.max(1, Math.min(lines, 10_000))).withReadyWaitTimeout(0).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            requireAnswered(e);
            return "";
        }
    }

    /** The whole log as a stream, for a download; the caller closes it. */
    public InputStream fullLog(CurrentUser user, String namespace, String name) {
        find(user, namespace, name);
        caches.requireConnected(Pod.class, LOGS);
        try {
            return client.pods().inNamespace(namespace).withName(name).inContainer(BuildPods.BUILD_CONTAINER)
                    .withReadyWaitTimeout(0).getLogInputStream();
        } catch (KubernetesClientException e) {
            requireAnswered(e);
            return InputStream.nullInputStream();
        }
    }

    /**
     * A log the server refused (a container that has not started) reads as empty; no answer at all is an outage,
     * which must not pass for an empty log.
     */
    private static void requireAnswered(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            throw KubernetesUnavailable.unreachable(LOGS);
        }
    }

    /**
     * Follows the build container's log from its first line until the container stops; waits (up to
     * {@code waitForStartMillis}) for a pending build to start, since a log asked for before that is empty and
     * ends at once. The caller closes the watch.
     */
    public LogWatch follow(CurrentUser user, String namespace, String name, int waitForStartMillis)
            throws InterruptedException {
        find(user, namespace, name);
        caches.requireConnected(Pod.class, LOGS);
        awaitStart(namespace, name, Duration.ofMillis(waitForStartMillis));
        return client.pods().inNamespace(namespace).withName(name).inContainer(BuildPods.BUILD_CONTAINER)
                .withReadyWaitTimeout(0).watchLog();
    }

    /**
     * Waits until the pod has left Pending (or is gone), told by the informer cache rather than by the client's own
     * readiness wait, which needs a field selector the sandbox API server does not honour.
     */
    private void awaitStart(String namespace, String name, Duration timeout) throws InterruptedException {
        var started = new CountDownLatch(1);
        var listener = new ResourceEventHandler<Pod>() {
            @Override
            public void onAdd(Pod pod) {
                check(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                check(after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                if (isThe(pod)) {
                    started.countDown();
                }
            }

            private void check(Pod pod) {
                if (isThe(pod) && BuildPods.status(pod) != BuildStatus.PENDING) {
                    started.countDown();
                }
            }

            private boolean isThe(Pod pod) {
                return namespace.equals(pod.getMetadata().getNamespace()) && name.equals(pod.getMetadata().getName());
            }
        };
        caches.addListener(Pod.class, listener);
        try {
            // not cached yet: a pod just created, so pending too
            if (caches.get(Pod.class, namespace, name).map(BuildPods::status).orElse(BuildStatus.PENDING)
                    != BuildStatus.PENDING) {
                return;
            }
            started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            caches.removeListener(Pod.class, listener);
        }
    }

    private CacheQuery<Pod> visible(CurrentUser user, String namespace) {
        var query = caches.query(Pod.class).label(BuildPods.KIND_LABEL, BuildPods.KIND);
        if (namespace != null && !namespace.isBlank()) {
            if (!user.canRead(namespace)) {
                throw BuildAccessDenied.read(namespace);
            }
            return query.namespace(namespace);
        }
        return query.namespaces(teams.allNamespaces().stream().filter(user::canRead).toList());
    }

    /** The build's pod from the cache, or from the API server when the cache has not seen a brand-new one yet. */
    private Pod find(CurrentUser user, String namespace, String name) {
        if (!user.canRead(namespace)) {
            throw BuildAccessDenied.read(namespace);
        }
        return caches.get(Pod.class, namespace, name)
                .or(() -> {
                    // without a watch the cache cannot tell "not yet seen" from "gone"; the server cannot answer
                    caches.requireConnected(Pod.class, "builds");
                    return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
                })
                .filter(BuildPods::isBuild)
                .orElseThrow(() -> BuildNotFound.named(namespace, name));
    }

    private Pod createPod(Pod pod) {
        var namespace = pod.getMetadata().getNamespace();
        var name = pod.getMetadata().getName();
        try {
            return client.pods().inNamespace(namespace).resource(pod).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw BuildConflict.exists(namespace, name);
            }
            throw e;
        }
    }

    /** Deletes the build's pod; a pod already gone (deleted meanwhile) is a 404, audited as a failure. */
    private void deletePod(String namespace, String name) {
        if (client.pods().inNamespace(namespace).withName(name).delete().isEmpty()) {
            throw BuildNotFound.named(namespace, name);
        }
    }

    private String freeRetryName(String namespace, String base) {
        for (int n = 2; n <= MAX_RETRY_SUFFIX; n++) {
            var candidate = base + "-r" + n;
            if (caches.get(Pod.class, namespace, candidate).isEmpty()
                    && client.pods().inNamespace(namespace).withName(candidate).get() == null) {
                return candidate;
            }
        }
        throw BuildConflict.exists(namespace, base + "-r" + MAX_RETRY_SUFFIX);
    }

    private static void requireWrite(CurrentUser user, String namespace) {
        if (!user.canWrite(namespace)) {
            throw BuildAccessDenied.write(namespace);
        }
    }

    Build toBuild(Pod pod) {
        return BuildPods.toBuild(pod, this::zoneOf, clock);
    }

    private String zoneOf(String node) {
        return caches.get(Node.class, null, node)
                .map(found -> found.getMetadata().getLabels() == null ? null
                        : found.getMetadata().getLabels().get(BuildPods.ZONE_LABEL))
                .orElse(null);
    }

    private static String eventTime(Event event) {
        if (event.getLastTimestamp() != null) {
            return event.getLastTimestamp();
        }
        if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
            return event.getEventTime().getTime();
        }
        return event.getMetadata().getCreationTimestamp();
    }
}
