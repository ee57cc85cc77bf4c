package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.converge.portal.shared.web.EventSink;
import dev.converge.portal.live.LiveFormat;
import dev.converge.portal.live.LiveSubscription;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.live.SseHub;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Lines the simulated kubelet logs reach the live stream of the pod's team, through one follow however many look,
 * until nobody renews it or the container stops.
 */
@SpringBootTest(properties = {"portal.sandbox.pod-start-delay=100ms", "portal.sandbox.build-duration=20s"})
@ActiveProfiles("test")
class PodLogFollowerTests {

    @Autowired
    KubernetesClient kubernetes;

    @Autowired
    SseHub hub;

    @Autowired
    PodLogFollower follower;

    @Test
    void newLinesReachTheTeamsStreamUntilNobodyWatchesOrTheContainerStops() {
        // a build pod: the simulated kubelet logs a line a second while it runs
        kubernetes.pods().inNamespace("vision").resource(new PodBuilder()
                .withNewMetadata().withName("follow-me").addToLabels("converge.dev/kind", "build").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("build").withImage("python:3.12").endContainer().endSpec()
                .build()).create();
        // a new pod has no status until the simulated scheduler and kubelet write one
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var status = kubernetes.pods().inNamespace("vision").withName("follow-me").get().getStatus();
            return status != null && "Running".equals(status.getPhase());
        });
        var team = connect(DeploymentMother.developer());
        var otherTeam = connect(DeploymentMother.user("dev2", Role.DEVELOPER, "language"));

        follower.follow("vision", "follow-me", "build");
        follower.follow("vision", "follow-me", "build");

        assertThat(follower.following()).as("one follow for two viewers").isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(team.text())
                .contains("event: pod-log-vision-follow-me").contains("class=\"log-line\"").contains("---&gt;"));
        assertThat(otherTeam.text()).doesNotContain("pod-log-");

        follower.closeIdle(Instant.now().plus(PodLogFollower.LEASE).plusSeconds(1));
        assertThat(follower.following()).as("nobody renewed the lease").isZero();

        follower.follow("vision", "follow-me", "build");
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(team.text())
                .contains("Build finished: exit code 0").contains("the log ends here"));
        await().atMost(Duration.ofSeconds(5)).until(() -> follower.following() == 0);
    }

    private Recording connect(CurrentUser user) {
        var sink = new Recording();
        hub.connect(new LiveSubscription(user, Set.of(LiveTopic.DEPLOYMENT_DETAILS), LiveFormat.HTML, null), sink);
        return sink;
    }

    /** A client connection that keeps what it is sent. */
    static final class Recording implements EventSink {
        private final StringBuffer text = new StringBuffer();

        String text() {
            return text.toString();
        }

        @Override
        public void send(String frames) {
            text.append(frames);
        }

        @Override
        public void complete() {
        }

        @Override
        public void onTermination(Runnable callback) {
        }
    }
}
