package dev.converge.portal.builds;

import static dev.converge.portal.security.SecurityMother.current;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.audit.AuditEvent;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/**
 * Retention on the sandbox cluster (same settings as BuildsIntegrationTests: one context). It works in namespace
 * {@code language}, which the other build tests leave alone, because it fills it with builds finished in the future.
 */
@SpringBootTest(properties = {"portal.sandbox.build-duration=2s", "portal.sandbox.pod-start-delay=100ms",
        "portal.artifacts.max-size=12MB"})
@AutoConfigureMockMvc // not used here: it keeps the context the same as the other build tests'
@ActiveProfiles("test")
class BuildRetentionIntegrationTests {

    private static final int KEEP_FINISHED = 50; // the default of portal.builds.keep-finished

    @Autowired
    ConfiguredUsers users;

    @Autowired
    Artifacts artifacts;

    @Autowired
    Builds builds;

    @Autowired
    KubernetesClient kubernetes;

    @Autowired
    AuditLog audit;

    @Test
    void finishedBuildsBeyondTheNewestFiftyAreRemovedAndTheirAuditEntriesStay() {
        var dev2 = current(users, "dev2");
        var key = new BuildMother(artifacts, builds).artifact(dev2, "retained", "language");
        var oldest = "oldest-" + BuildMother.suffix();
        builds.create(dev2, new BuildRequest("language", oldest, key, "python:3.11-slim", "make", null, Map.of(),
                null, null));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                builds.get(dev2, "language", oldest).status() == BuildStatus.SUCCEEDED);

        var later = Instant.now().plus(Duration.ofHours(1));
        for (int i = 0; i < KEEP_FINISHED; i++) {
            kubernetes.pods().inNamespace("language").resource(finished("newer-" + i + "-" + BuildMother.suffix(),
                    later.plusSeconds(i))).create();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubernetes.pods().inNamespace("language").withName(oldest).get()).isNull());
        assertThat(targets("build.create")).as("the audit outlives the build").contains("language/" + oldest);
        assertThat(targets("build.retention-delete")).contains("language/" + oldest);
        assertThat(builds.list(dev2, Optional.of(BuildStatus.SUCCEEDED), "language", null, 0, 100)
                .totalItems()).isEqualTo(KEEP_FINISHED);
    }

    /** A build pod that succeeded at {@code finishedAt}, bound to no real node so the simulator leaves it be. */
    private static Pod finished(String name, Instant finishedAt) {
        return new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("converge.dev/kind", "build")
                .addToLabels("converge.dev/team", "language").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withNodeName("retention-test-node")
                .addNewContainer().withName("build").withImage("python:3.11-slim").endContainer().endSpec()
                .withNewStatus().withPhase("Succeeded").addNewContainerStatus().withName("build")
                .withNewState().withNewTerminated().withExitCode(0).withFinishedAt(finishedAt.toString())
                .endTerminated().endState().endContainerStatus().endStatus()
                .build();
    }

    private List<String> targets(String action) {
        return audit.search(new AuditQuery(null, action, null, 0, 500)).stream().map(AuditEvent::target).toList();
    }
}
