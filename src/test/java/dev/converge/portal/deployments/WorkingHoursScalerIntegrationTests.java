package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.platform.kubernetes.LeaderElection;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code schedule: working-hours} on the sandbox: outside the working hours the Deployment is scaled to 0, inside
 * back to its spec's replicas; the spec keeps its replicas meanwhile, and deployments that always run are left alone.
 * The scaler runs here at chosen times (the timer of the bean is off).
 */
@SpringBootTest(properties = {"portal.sandbox.pod-start-delay=100ms", "portal.deployments.schedule-interval=0"})
@ActiveProfiles("test")
class WorkingHoursScalerIntegrationTests {

    /** 2026-12-05 is a Saturday; 2026-11-30 a Monday. */
    static final Instant SATURDAY = Instant.parse("2026-12-05T10:00:00Z");
    static final Instant MONDAY_MORNING = Instant.parse("2026-11-30T10:00:00Z");

    @Autowired
    DeploymentManager deployments;

    @Autowired
    DeploymentViews views;

    @Autowired
    KubernetesCaches caches;

    @Autowired
    KubernetesClient client;

    @Autowired
    DeploymentManifests manifests;

    @Autowired
    DeploymentSettings settings;

    @Autowired
    LeaderElection election;

    @Autowired
    AuditLog audit;

    @Test
    void scheduledDeploymentsRunNoReplicasOutsideTheWorkingHoursAndTheirOwnInside() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
        deployments.create(spec("office", DeploymentSpec.WORKING_HOURS), DeploymentMother.developer());
        deployments.create(spec("always-on", null), DeploymentMother.developer());
        await().atMost(Duration.ofSeconds(30)).until(() -> caches.get(Deployment.class, "vision", "office").isPresent()
                && caches.get(Deployment.class, "vision", "always-on").isPresent());

        var weekend = scaler(SATURDAY).scaleNow();
        assertThat(weekend).extracting(WorkingHoursScaler.Scaling::name).doesNotContain("always-on");
        awaitReplicas("office", 0);
        assertThat(replicas("always-on")).isEqualTo(2);
        assertThat(views.specForEdit("vision", "office", DeploymentMother.developer()).replicas())
                .as("the spec keeps its replicas").isEqualTo(2);
        assertThat(scaler(SATURDAY).scaleNow()).as("nothing left to do").isEmpty();

        var monday = scaler(MONDAY_MORNING).scaleNow();
        assertThat(monday).containsExactly(new WorkingHoursScaler.Scaling("vision", "office", 0, 2));
        awaitReplicas("office", 2);
        assertThat(audit.search(new AuditQuery(WorkingHoursScaler.ACTOR, "deployment.schedule", null, 0, 50)))
                .extracting(e -> e.target() + " " + e.detail())
                .contains("vision/office {replicas=2}");
    }

    private WorkingHoursScaler scaler(Instant now) {
        return new WorkingHoursScaler(caches, client, manifests, WorkingHours.defaults(), settings, election, audit,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private void awaitReplicas(String name, int replicas) {
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(name) == replicas);
    }

    /** What the cache holds: the scaler reads it, so the next round sees the last one's change. */
    private int replicas(String name) {
        return caches.get(Deployment.class, "vision", name).map(d -> d.getSpec().getReplicas()).orElse(-1);
    }

    private static DeploymentSpec spec(String name, String schedule) {
        return new DeploymentSpec("vision", name, "registry.local/vision/server:1.0", null, 8080, "openai",
                new DeploymentSpec.Resources("100m", "128Mi", 0, null), 2, DeploymentSpec.Placement.any(),
                DeploymentSpec.Autoscaling.OFF, Map.of(), null, null, null, schedule);
    }
}
