package dev.converge.portal.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.converge.portal.live.InformerSource;
import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveFixtures;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The deployments publisher against real informers of a CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class DeploymentsLivePublisherTests {

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

    private DeploymentsLivePublisher publisher() {
        var publisher = new DeploymentsLivePublisher(LiveFixtures.providerOf(source), published::add,
                LiveFixtures.fragments(), scheduler, LiveFixtures.properties(Map.of("sse.coalesce", "20ms")),
                new StaticListableBeanFactory().getBeanProvider(DeploymentViews.class));
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
    void deploymentChangesBecomeRowAndCountEventsOfTheirNamespace() {
        var publisher = publisher();

        var created = client.apps().deployments().inNamespace("vision").resource(deployment("vision", "llama", 2))
                .create();
        await().untilAsserted(() -> assertThat(names()).contains("deployment-row-vision-llama",
                "deployment-counts-vision"));
        var row = last("deployment-row-vision-llama");
        assertThat(row.namespace()).isEqualTo("vision");
        assertThat(row.topic()).isEqualTo(LiveTopic.DEPLOYMENTS);
        assertThat(row.html()).contains("0/2").contains("Progressing").doesNotContain("th:");
        assertThat(row.data()).containsEntry("ready", 0).containsEntry("desired", 2);

        created.setStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).build());
        client.apps().deployments().inNamespace("vision").resource(created).updateStatus();

        await().untilAsserted(() -> assertThat(last("deployment-row-vision-llama").html()).contains("2/2")
                .contains("Ready"));
        await().untilAsserted(() -> assertThat(last("deployment-counts-vision").data().get("counts"))
                .isEqualTo(Map.of("Ready", 1, "Progressing", 0, "Unschedulable", 0, "Failed", 0, "ScaledDown", 0)));
        assertThat(publisher.countsIn("vision").byStatus()).containsEntry("Ready", 1);
        assertThat(publisher.countsIn("language").total()).isZero();
        assertThat(published).noneMatch(event -> "language".equals(event.namespace()));
    }

    @Test
    void aDeletedDeploymentIsShownDeletedAndLeavesTheCounts() {
        var publisher = publisher();
        client.apps().deployments().inNamespace("language").resource(deployment("language", "gone", 1)).create();
        await().until(() -> publisher.countsIn("language").total() == 1);

        client.apps().deployments().inNamespace("language").withName("gone").delete();

        await().untilAsserted(() -> assertThat(last("deployment-row-language-gone").data())
                .containsEntry("deleted", true));
        await().untilAsserted(() -> assertThat(last("deployment-counts-language").html()).doesNotContain(">1<"));
        assertThat(publisher.countsIn("language").total()).isZero();
    }

    @Test
    void aDeploymentThatComesOrGoesTellsListPagesOfItsNamespaceToFetchTheirResultsAgain() {
        publisher();
        var created = client.apps().deployments().inNamespace("vision").resource(deployment("vision", "listed", 1))
                .create();
        await().untilAsserted(() -> assertThat(published).anyMatch(event -> event.name().equals("deployments-changed")
                && "vision".equals(event.namespace()) && !event.html().isEmpty()));
        var before = changes();

        created.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
        client.apps().deployments().inNamespace("vision").resource(created).updateStatus();
        await().until(() -> published.stream().anyMatch(event -> event.name().equals("deployment-row-vision-listed")
                && event.html().contains("Ready")));
        assertThat(changes()).as("a change of state is shown by the row, not by a refetch").isEqualTo(before);

        client.apps().deployments().inNamespace("vision").withName("listed").delete();
        await().until(() -> changes() > before);
        assertThat(published).filteredOn(event -> event.name().equals("deployments-changed"))
                .allMatch(event -> "vision".equals(event.namespace()));
    }

    private long changes() {
        return published.stream().filter(event -> event.name().equals("deployments-changed")).count();
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
}
