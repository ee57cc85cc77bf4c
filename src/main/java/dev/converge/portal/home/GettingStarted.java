package dev.converge.portal.home;

import java.util.List;
import java.util.Optional;

import dev.converge.portal.artifacts.ArtifactStorageFailure;
import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.BuildStatus;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.deployments.DeploymentsLivePublisher;
import dev.converge.portal.security.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * What a team that has nothing yet does first: upload an artifact, build it, deploy it, then chat with it. Each step
 * is marked done from what exists in the user's writable namespaces (an artifact, a succeeded build, a deployment),
 * never from what the user clicked; once the first three exist the path is gone. Chat has nothing to count, so it is
 * never marked.
 */
@Component
public class GettingStarted {

    private final Artifacts artifacts;
    private final Builds builds;
    private final DeploymentsLivePublisher deployments;

    public GettingStarted(Artifacts artifacts, Builds builds, DeploymentsLivePublisher deployments) {
        this.artifacts = artifacts;
        this.builds = builds;
        this.deployments = deployments;
    }

    /** The path for this user, or empty when they cannot take it (no writable namespace) or have taken it. */
    public Optional<Path> forUser(CurrentUser user) {
        var namespaces = user.namespaces().stream().filter(user::canWrite).toList();
        if (namespaces.isEmpty()) {
            return Optional.empty();
        }
        boolean uploaded;
        try {
            uploaded = namespaces.stream().anyMatch(ns -> artifacts.list(user, ns, null, 0, 1).totalItems() > 0);
        } catch (ArtifactStorageFailure e) {
            // the storage alert says what is wrong; a path that cannot tell what is done would mislead
            return Optional.empty();
        }
        boolean built = namespaces.stream()
                .anyMatch(ns -> builds.counts(user, ns).getOrDefault(BuildStatus.SUCCEEDED, 0L) > 0);
        boolean deployed = namespaces.stream().anyMatch(ns -> deployments.countsIn(ns).total() > 0);
        if (uploaded && built && deployed) {
            return Optional.empty();
        }
        return Optional.of(new Path(List.of(
                new Step("upload", "/artifacts", uploaded),
                new Step("build", "/ai-converge/build", built),
                new Step("deploy", "/deployments/new", deployed),
                new Step("chat", "/chat", false))));
    }

    /** The steps in order; {@code id} names the messages {@code home.start.<id>} and {@code home.start.<id>.hint}. */
    public record Path(List<Step> steps) {

        /** Whether the team has done none of the steps yet (the intro then says it is starting from nothing). */
        public boolean fromNothing() {
            return steps.stream().noneMatch(Step::done);
        }
    }

    public record Step(String id, String path, boolean done) {
    }
}
