package dev.converge.portal.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publishers against real informers of a CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class LivePublishersTests {

    static KubernetesClient client;

    private final LiveScheduler scheduler = new LiveScheduler();
    private final List<LiveEvent> published = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private final InformerSource source = new InformerSource() {
        @Override
        public <T extends HasMetadata> void addListener(Class<T> type, ResourceEventHandler<T> handler) {
            informers.add(client.resources(type).inAnyNamespace().inform(handler));
        }
    };

    @BeforeEach
    void namespaces() {
        for (var namespace : List.of("vision", "language")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).createOr(existing -> existing.update());
        }
    }

    @AfterEach
    void stop() {
        informers.forEach(SharedIndexInformer::close);
        scheduler.destroy();
    }

    private Map<String, String> fastCounts() {
        return Map.of("sse.coalesce", "20ms");
    }

    private List<String> names() {
        return published.stream().map(LiveEvent::name).toList();
    }

    private LiveEvent last(String name) {
        return published.stream().filter(event -> event.name().equals(name)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void deploymentChangesBecomeRowAndCountEventsOfTheirNamespace() {
        var publisher = new DeploymentsLivePublisher(providerOf(source), published::add, LiveFixtures.fragments(),
                scheduler, LiveFixtures.properties(fastCounts()));
        publisher.listenTo(source);

        var created = client.apps().deployments().inNamespace("vision").resource(deployment("vision", "llama", 2))
                .create();
        await().untilAsserted(() -> assertThat(names()).contains("deployment-row-vision-llama",
                "deployment-counts-vision"));
        var row = last("deployment-row-vision-llama");
        assertThat(row.namespace()).isEqualTo("vision");
        assertThat(row.topic()).isEqualTo(LiveTopic.DEPLOYMENTS);
        assertThat(row.html()).contains("0/2").contains("Progressing").doesNotContain("th:");
        assertThat(row.data()).containsEntry("ready", 0).containsEntry("desired", 2);

        created.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withReplicas(2).withReadyReplicas(2).build());
        client.apps().deployments().inNamespace("vision").resource(created).updateStatus();

        await().untilAsserted(() -> assertThat(last("deployment-row-vision-llama").html()).contains("2/2")
                .contains("Ready"));
        await().untilAsserted(() -> assertThat(last("deployment-counts-vision").data().get("counts"))
                .isEqualTo(Map.of("Ready", 1, "Progressing", 0, "Failed", 0, "ScaledDown", 0)));
        assertThat(publisher.countsIn("vision").byStatus()).containsEntry("Ready", 1);
        assertThat(publisher.countsIn("language").total()).isZero();
        assertThat(published).noneMatch(event -> "language".equals(event.namespace()));
    }

    @Test
    void aDeletedDeploymentIsShownDeletedAndLeavesTheCounts() {
        var publisher = new DeploymentsLivePublisher(providerOf(source), published::add, LiveFixtures.fragments(),
                scheduler, LiveFixtures.properties(fastCounts()));
        publisher.listenTo(source);
        client.apps().deployments().inNamespace("language").resource(deployment("language", "gone", 1)).create();
        await().until(() -> publisher.countsIn("language").total() == 1);

        client.apps().deployments().inNamespace("language").withName("gone").delete();

        await().untilAsserted(() -> assertThat(last("deployment-row-language-gone").data())
                .containsEntry("deleted", true));
        await().untilAsserted(() -> assertThat(last("deployment-counts-language").html()).doesNotContain(">1<"));
        assertThat(publisher.countsIn("language").total()).isZero();
    }

    @Test
    void buildPodsAreCountedByPhaseAndOtherPodsIgnored() {
        var publisher = new BuildsLivePublisher(providerOf(source), published::add, LiveFixtures.fragments(),
                scheduler, LiveFixtures.properties(fastCounts()));
        publisher.listenTo(source);

        var build = client.pods().inNamespace("vision").resource(pod("vision", "build-1", "build")).create();
        client.pods().inNamespace("vision").resource(pod("vision", "model-1", "model")).create();
        await().untilAsserted(() -> assertThat(names()).contains("build-row-vision-build-1", "build-counts-vision"));

        build.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded").build());
        client.pods().inNamespace("vision").resource(build).updateStatus();

        await().untilAsserted(() -> assertThat(last("build-counts-vision").data().get("counts"))
                .isEqualTo(Map.of("Pending", 0, "Running", 0, "Succeeded", 1, "Failed", 0, "Unknown", 0)));
        assertThat(last("build-row-vision-build-1").html()).contains("Succeeded");
        assertThat(last("build-counts-vision").html()).contains("Succeeded");
        assertThat(names()).noneMatch(name -> name.contains("model-1"));
    }

    @Test
    void aBurstOfChangesYieldsFewCountEvents() {
        var publisher = new BuildsLivePublisher(providerOf(source), published::add, LiveFixtures.fragments(),
                scheduler, LiveFixtures.properties(Map.of("sse.coalesce", "500ms")));
        publisher.listenTo(source);

        var started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            client.pods().inNamespace("language").resource(pod("language", "burst-" + i, "build")).create();
        }

        await().untilAsserted(() -> assertThat(publisher.countsIn("language").total()).isEqualTo(20));
        await().untilAsserted(() -> assertThat(last("build-counts-language").data().get("counts"))
                .isEqualTo(Map.of("Pending", 20, "Running", 0, "Succeeded", 0, "Failed", 0, "Unknown", 0)));
        assertThat(names().stream().filter(name -> name.startsWith("build-row-language-"))).hasSize(20);
        // one at once, then at most one per 500 ms window however slowly the 20 creates trickle in
        var windows = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) / 500;
        assertThat(names().stream().filter("build-counts-language"::equals).count())
                .isLessThanOrEqualTo(windows + 2).isLessThan(20);
    }

    private static Deployment deployment(String namespace, String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("model").withImage("model:1").endContainer().endSpec()
                .endTemplate()
                .endSpec().build();
    }

    private static Pod pod(String namespace, String name, String kind) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).addToLabels("converge.dev/kind", kind)
                .endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("builder:1")
                .endContainer().endSpec()
                .build();
    }

    private static org.springframework.beans.factory.ObjectProvider<InformerSource> providerOf(InformerSource source) {
        var beans = new org.springframework.beans.factory.support.StaticListableBeanFactory();
        beans.addBean("informers", source);
        return beans.getBeanProvider(InformerSource.class);
    }
}
