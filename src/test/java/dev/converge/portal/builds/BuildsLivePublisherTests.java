package dev.converge.portal.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.live.InformerSource;
import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveFixtures;
import dev.converge.portal.live.LiveScheduler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The builds publisher against real informers of a CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class BuildsLivePublisherTests {

    // a server per test: a watch closed by the previous test can stall a shared one
    KubernetesClient client;

    private final LiveScheduler scheduler = new LiveScheduler();
    private final List<LiveEvent> published = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private InformerSource source;

    @BeforeEach
    void namespaces() {
        source = LiveFixtures.informersOf(client, informers);
        LiveFixtures.createTeamNamespaces(client);
    }

    @AfterEach
    void stop() {
        LiveFixtures.stop(client, informers, scheduler);
    }

    private BuildsLivePublisher publisher(String coalesce) {
        var publisher = new BuildsLivePublisher(LiveFixtures.providerOf(source), published::add,
                LiveFixtures.fragments(), scheduler, LiveFixtures.properties(Map.of("sse.coalesce", coalesce)));
        publisher.listenTo(source);
        return publisher;
    }

    private List<String> names() {
        return published.stream().map(LiveEvent::name).toList();
    }

    private LiveEvent last(String name) {
        return published.stream().filter(event -> event.name().equals(name)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void buildPodsAreCountedByPhaseAndOtherPodsIgnored() {
        publisher("20ms");

        var build = client.pods().inNamespace("vision").resource(pod("vision", "build-1", "build")).create();
        client.pods().inNamespace("vision").resource(pod("vision", "model-1", "model")).create();
        await().untilAsserted(() -> assertThat(names()).contains("build-row-vision-build-1", "build-counts-vision"));

        build.setStatus(new PodStatusBuilder().withPhase("Succeeded").build());
        client.pods().inNamespace("vision").resource(build).updateStatus();

        await().untilAsserted(() -> assertThat(last("build-counts-vision").data().get("counts"))
                .isEqualTo(Map.of("Pending", 0, "Running", 0, "Succeeded", 1, "Failed", 0, "Cancelled", 0, "Unknown", 0)));
        assertThat(last("build-row-vision-build-1").html()).contains("Succeeded");
        assertThat(last("build-counts-vision").html()).contains("Succeeded");
        assertThat(names()).noneMatch(name -> name.contains("model-1"));
    }

    /** The build page follows its node, timeline and actions: a change of those is a row event too. */
    @Test
    void aBuildBeingScheduledOrCancelledIsPublishedThoughItsPhaseStaysTheSame() {
        publisher("20ms");
        var build = client.pods().inNamespace("vision").resource(pod("vision", "build-2", "build")).create();
        await().untilAsserted(() -> assertThat(names()).contains("build-row-vision-build-2"));
        var before = names().stream().filter("build-row-vision-build-2"::equals).count();

        build.getSpec().setNodeName("node-1");
        build = client.pods().inNamespace("vision").resource(build).update();
        await().untilAsserted(() -> assertThat(names().stream().filter("build-row-vision-build-2"::equals).count())
                .isEqualTo(before + 1));
        assertThat(last("build-row-vision-build-2").data()).containsEntry("node", "node-1");

        build.getMetadata().setAnnotations(Map.of("converge.dev/cancelled-by", "dev",
                "converge.dev/cancelled-at", "2026-03-01T10:00:00Z"));
        client.pods().inNamespace("vision").resource(build).update();
        await().untilAsserted(() -> assertThat(last("build-row-vision-build-2").html()).contains("Cancelled"));
        // the mock API server is shared: leave the namespace as the other tests count it
        client.pods().inNamespace("vision").withName("build-2").delete();
    }

    @Test
    void aBurstOfChangesYieldsFewCountEvents() {
        var publisher = publisher("500ms");

        var started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            client.pods().inNamespace("language").resource(pod("language", "burst-" + i, "build")).create();
        }

        await().untilAsserted(() -> assertThat(publisher.countsIn("language").total()).isEqualTo(20));
        await().untilAsserted(() -> assertThat(last("build-counts-language").data().get("counts"))
                .isEqualTo(Map.of("Pending", 20, "Running", 0, "Succeeded", 0, "Failed", 0, "Cancelled", 0, "Unknown", 0)));
        assertThat(names().stream().filter(name -> name.startsWith("build-row-language-"))).hasSize(20);
        // one at once, then at most one per 500 ms window however slowly the 20 creates trickle in
        var windows = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) / 500;
        assertThat(names().stream().filter("build-counts-language"::equals).count())
                .isLessThanOrEqualTo(windows + 2).isLessThan(20);
    }

    private static Pod pod(String namespace, String name, String kind) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).addToLabels("converge.dev/kind", kind)
                .endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("builder:1")
                .endContainer().endSpec()
                .build();
    }
}
