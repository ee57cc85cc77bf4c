package dev.converge.portal.live;

import static dev.converge.portal.live.LiveFixtures.admin;
import static dev.converge.portal.live.LiveFixtures.deploymentRow;
import static dev.converge.portal.live.LiveFixtures.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.converge.portal.security.CurrentUser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SseHubTests {

    private final LiveScheduler scheduler = new LiveScheduler();
    private SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SseHub hub = LiveFixtures.hub(Map.of(), scheduler, meters);

    private void restartWith(Map<String, String> overrides) {
        hub.destroy();
        meters = new SimpleMeterRegistry();
        hub = LiveFixtures.hub(overrides, scheduler, meters);
    }

    @AfterEach
    void stop() {
        hub.destroy();
        scheduler.destroy();
    }

    private RecordingSink connect(CurrentUser viewer, Set<LiveTopic> topics) {
        return connect(viewer, topics, LiveFormat.HTML, null);
    }

    private RecordingSink connect(CurrentUser viewer, Set<LiveTopic> topics, LiveFormat format, String lastEventId) {
        var sink = new RecordingSink();
        hub.connect(new LiveSubscription(viewer, topics, format, lastEventId), sink);
        return sink;
    }

    @Test
    void everySubscriberOfATopicReceivesTheEventAndOthersDoNot() {
        var first = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));
        var second = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS, LiveTopic.BUILDS));
        var buildsOnly = connect(admin(), Set.of(LiveTopic.BUILDS));

        hub.publish(deploymentRow("vision", "llama", "<span>1/2</span>"));
        hub.publish(LiveEvent.inNamespace(LiveTopic.BUILDS, "vision", "build-counts-vision", "<ul></ul>", Map.of()));

        await().untilAsserted(() -> {
            assertThat(first.frames.names()).containsExactly("deployment-row-vision-llama");
            assertThat(second.frames.names()).containsExactly("deployment-row-vision-llama", "build-counts-vision");
            assertThat(buildsOnly.frames.names()).containsExactly("build-counts-vision");
        });
        assertThat(first.frames.events().get(0).data()).isEqualTo("<span>1/2</span>");
        await().untilAsserted(() -> assertThat(meters.counter("portal.sse.events.sent").count()).isEqualTo(4));
    }

    @Test
    void usersReceiveOnlyEventsOfTheirTeamsNamespacesAndGlobalEvents() {
        var vision = connect(member("dev", "vision"), Set.of(LiveTopic.DEPLOYMENTS, LiveTopic.HEALTH));
        var language = connect(member("dev2", "language"), Set.of(LiveTopic.DEPLOYMENTS, LiveTopic.HEALTH));
        var everything = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS, LiveTopic.HEALTH));

        hub.publish(deploymentRow("vision", "resnet", "<span>vision</span>"));
        hub.publish(deploymentRow("language", "llama", "<span>language</span>"));
        hub.publish(LiveEvent.global(LiveTopic.HEALTH, "health-status", "<ul></ul>", Map.of()));

        await().untilAsserted(() -> assertThat(everything.frames.names()).containsExactly(
                "deployment-row-vision-resnet", "deployment-row-language-llama", "health-status"));
        await().untilAsserted(() -> {
            assertThat(vision.frames.names()).containsExactly("deployment-row-vision-resnet", "health-status");
            assertThat(language.frames.names()).containsExactly("deployment-row-language-llama", "health-status");
        });
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedWhileOthersReceiveEverything() {
        restartWith(Map.of("sse.client-queue", "8", "sse.dispatch-threads", "2"));
        var slow = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS)).stalled();
        var fast = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));

        for (int i = 0; i < 20; i++) {
            hub.publish(deploymentRow("vision", "m" + i, "<b>" + i + "</b>"));
            int sent = i + 1;
            await().untilAsserted(() -> assertThat(fast.frames.events()).hasSize(sent));
        }

        assertThat(slow.isCompleted()).isTrue();
        assertThat(hub.connections()).isEqualTo(1);
        assertThat(meters.counter("portal.sse.clients.dropped").count()).isEqualTo(1);
        slow.release();
        assertThat(slow.frames.events()).hasSizeLessThan(20);
    }

    @Test
    void aReconnectWithLastEventIdReceivesExactlyTheMissedEvents() {
        var before = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));
        hub.publish(deploymentRow("vision", "a", "a"));
        await().until(() -> before.frames.events().size() == 1);
        var seen = before.frames.lastId();
        before.disconnect();

        hub.publish(deploymentRow("vision", "b", "b"));
        hub.publish(deploymentRow("language", "c", "c"));
        hub.publish(deploymentRow("vision", "d", "d"));

        var resumed = connect(member("dev", "vision"), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML, seen);
        await().untilAsserted(() -> assertThat(resumed.frames.names())
                .containsExactly("deployment-row-vision-b", "deployment-row-vision-d"));

        hub.publish(deploymentRow("vision", "e", "e"));
        await().untilAsserted(() -> assertThat(resumed.frames.names()).endsWith("deployment-row-vision-e"));
        assertThat(resumed.frames.events()).extracting(SseFrames.Received::id).doesNotHaveDuplicates();
    }

    @Test
    void aReconnectAfterTheBufferMovedOnGetsAResetInsteadOfAGap() {
        restartWith(Map.of("sse.replay-buffer", "2"));
        var before = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));
        hub.publish(deploymentRow("vision", "a", "a"));
        await().until(() -> before.frames.events().size() == 1);
        var seen = before.frames.lastId();
        before.disconnect();
        IntStream.range(0, 3).forEach(i -> hub.publish(deploymentRow("vision", "n" + i, "n")));

        var resumed = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML, seen);

        await().untilAsserted(() -> assertThat(resumed.frames.names()).containsExactly("reset"));
        assertThat(resumed.frames.lastId()).isEqualTo(hub.lastEventId());
    }

    @Test
    void anIdFromAnotherRunOrGarbageGetsAReset() {
        hub.publish(deploymentRow("vision", "a", "a"));

        var fromThePast = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML, "42");
        var fromTheFuture = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML,
                hub.lastEventId().replaceFirst("-\\d+$", "-10"));
        var garbage = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML, "not-a-number");

        await().untilAsserted(() -> {
            assertThat(fromThePast.frames.names()).containsExactly("reset");
            assertThat(fromTheFuture.frames.names()).containsExactly("reset");
            assertThat(garbage.frames.names()).containsExactly("reset");
        });
    }

    @Test
    void idsCarryTheHubsEpochSoOnlyTheHubThatIssuedThemReplays() {
        var otherReplica = LiveFixtures.hub(Map.of(), scheduler, new SimpleMeterRegistry());
        try {
            var before = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));
            hub.publish(deploymentRow("vision", "a", "a"));
            otherReplica.publish(deploymentRow("vision", "a", "a"));
            await().until(() -> before.frames.events().size() == 1);
            var seen = before.frames.lastId();
            before.disconnect();
            hub.publish(deploymentRow("vision", "b", "b"));
            otherReplica.publish(deploymentRow("vision", "b", "b"));
            assertThat(seen).matches("[0-9a-z]+-\\d+");
            assertThat(otherReplica.lastEventId()).isNotEqualTo(hub.lastEventId())
                    .endsWith(hub.lastEventId().substring(hub.lastEventId().indexOf('-')));

            var sameReplica = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML, seen);
            var moved = new RecordingSink();
            otherReplica.connect(new LiveSubscription(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML, seen),
                    moved);

            await().untilAsserted(() -> {
                assertThat(sameReplica.frames.names()).containsExactly("deployment-row-vision-b");
                assertThat(moved.frames.names()).containsExactly("reset");
            });
            // the reset carries the other replica's own id, so the next reconnect there resumes
            assertThat(moved.frames.lastId()).isEqualTo(otherReplica.lastEventId());
        }
        finally {
            otherReplica.destroy();
        }
    }

    @Test
    void anIdFromBeforeARestartGetsAResetEvenWhenItsSequenceIsInTheBuffer() {
        hub.publish(deploymentRow("vision", "a", "a"));
        var beforeRestart = hub.lastEventId();
        restartWith(Map.of());
        hub.publish(deploymentRow("vision", "a", "a"));
        hub.publish(deploymentRow("vision", "b", "b"));

        var resumed = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML, beforeRestart);
        var jsonResumed = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.JSON, beforeRestart);

        await().untilAsserted(() -> {
            assertThat(resumed.frames.names()).containsExactly("reset");
            assertThat(jsonResumed.frames.names()).containsExactly("reset");
        });
        var body = LiveFixtures.JSON.readTree(jsonResumed.frames.events().get(0).data());
        assertThat(body.get("name").asString()).isEqualTo("reset");
        assertThat(body.get("id").asString()).isEqualTo(hub.lastEventId());
    }

    @Test
    void anUpToDateReconnectGetsNothingReplayed() {
        hub.publish(deploymentRow("vision", "a", "a"));

        var current = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.HTML, hub.lastEventId());
        hub.publish(deploymentRow("vision", "b", "b"));

        await().untilAsserted(() -> assertThat(current.frames.names()).containsExactly("deployment-row-vision-b"));
    }

    @Test
    void streamsAreForgottenOnCompletionAndOnWriteErrors() {
        var leaving = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));
        var broken = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));
        var staying = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));
        assertThat(hub.connections()).isEqualTo(3);
        assertThat(meters.get("portal.sse.connections").gauge().value()).isEqualTo(3);

        leaving.disconnect();
        broken.failing();
        hub.publish(deploymentRow("vision", "a", "a"));

        await().untilAsserted(() -> assertThat(hub.connections()).isEqualTo(1));
        assertThat(broken.isCompleted()).isTrue();
        await().untilAsserted(() -> assertThat(staying.frames.events()).hasSize(1));
        assertThat(meters.get("portal.sse.connections").gauge().value()).isEqualTo(1);
        assertThat(meters.counter("portal.sse.clients.dropped").count()).isZero();
    }

    @Test
    void heartbeatsAreCommentsThatCarryTheNewestId() {
        restartWith(Map.of("sse.heartbeat", "50ms"));
        var quiet = connect(member("dev", "vision"), Set.of(LiveTopic.DEPLOYMENTS));
        hub.publish(deploymentRow("language", "not-for-dev", "x"));

        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(quiet.frames.comments()).contains("heartbeat"));
        assertThat(quiet.frames.events()).isEmpty();
        assertThat(quiet.frames.lastId()).isEqualTo(hub.lastEventId());
    }

    @Test
    void jsonClientsReceiveTheSameEventsAsObjects() {
        var api = connect(member("dev", "vision"), Set.of(LiveTopic.DEPLOYMENTS), LiveFormat.JSON, null);

        hub.publish(LiveEvent.inNamespace(LiveTopic.DEPLOYMENTS, "vision", "deployment-row-vision-llama",
                "<span>\n1/2\n</span>", Map.of("ready", 1, "desired", 2)));

        await().until(() -> api.frames.events().size() == 1);
        var event = api.frames.events().get(0);
        JsonNode body = LiveFixtures.JSON.readTree(event.data());
        assertThat(body.get("id").asString()).isEqualTo(event.id());
        assertThat(body.get("topic").asString()).isEqualTo("deployments");
        assertThat(body.get("name").asString()).isEqualTo("deployment-row-vision-llama");
        assertThat(body.get("namespace").asString()).isEqualTo("vision");
        assertThat(body.get("data").get("ready").asInt()).isEqualTo(1);
        assertThat(body.get("data").get("desired").asInt()).isEqualTo(2);
    }

    @Test
    void multiLineFragmentsArriveWhole() {
        var page = connect(admin(), Set.of(LiveTopic.DEPLOYMENTS));

        hub.publish(deploymentRow("vision", "a", "<ul>\n  <li>1</li>\r\n</ul>"));

        await().until(() -> page.frames.events().size() == 1);
        assertThat(page.frames.events().get(0).data()).isEqualTo("<ul>\n  <li>1</li>\n</ul>");
    }
}
