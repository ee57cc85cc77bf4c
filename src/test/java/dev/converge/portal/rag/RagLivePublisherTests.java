package dev.converge.portal.rag;

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
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RAG models publisher against real informers of a CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class RagLivePublisherTests {

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

    private RagLivePublisher publisher() {
        var publisher = new RagLivePublisher(LiveFixtures.providerOf(source), published::add,
                LiveFixtures.fragments(), scheduler, LiveFixtures.properties(Map.of("sse.coalesce", "20ms")), null);
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
    void statusChangesBecomeRowCountAndListEventsOfTheirNamespace() {
        publisher();
        var created = client.resources(RagModel.class).inNamespace("vision").resource(model("vision", "docs"))
                .create();
        await().untilAsserted(() -> assertThat(names()).contains("rag-row-vision-docs", "rag-counts-vision",
                RagLivePublisher.LIST_CHANGED));
        var row = last("rag-row-vision-docs");
        assertThat(row.topic()).isEqualTo(LiveTopic.RAG);
        assertThat(row.namespace()).isEqualTo("vision");
        assertThat(row.html()).contains("Pending").doesNotContain("th:");
        assertThat(row.data()).containsEntry("phase", "Pending").containsEntry("deleted", false);

        published.clear();
        var status = new RagModelStatus();
        status.phase = RagModelStatus.Phase.Degraded;
        status.conditions.add(new RagModelStatus.Condition(RagStatusRules.AVAILABLE, false, "RuntimeUnreachable",
                "The runtime <b>does not</b> answer", null));
        created.setStatus(status);
        created = client.resources(RagModel.class).inNamespace("vision").resource(created).update();
        await().untilAsserted(() -> assertThat(last("rag-row-vision-docs").html()).contains("Degraded")
                .contains("The runtime &lt;b&gt;does not&lt;/b&gt; answer").doesNotContain("<b>"));
        await().untilAsserted(() -> assertThat(names()).contains(RagLivePublisher.LIST_CHANGED));
        assertThat(last(RagLivePublisher.LIST_CHANGED).namespace()).isEqualTo("vision");

        published.clear();
        var ready = new RagModelStatus();
        ready.phase = RagModelStatus.Phase.Ready;
        ready.indexedDocuments = 2;
        ready.chunks = 9;
        ready.conditions.add(new RagModelStatus.Condition(RagStatusRules.AVAILABLE, true, "Available", "Answering",
                null));
        created.setStatus(ready);
        client.resources(RagModel.class).inNamespace("vision").resource(created).update();
        await().untilAsserted(() -> assertThat(last("rag-row-vision-docs").data()).containsEntry("phase", "Ready")
                .containsEntry("chunks", 9).doesNotContainKey("reason"));
        await().untilAsserted(() -> assertThat(last("rag-counts-vision").data().toString()).contains("Ready=1"));
    }

    @Test
    void aDeletedModelIsShownDeletedAndOnlyItsNamespaceHearsOfIt() {
        publisher();
        client.resources(RagModel.class).inNamespace("language").resource(model("language", "wiki")).create();
        await().untilAsserted(() -> assertThat(names()).contains("rag-row-language-wiki"));
        client.resources(RagModel.class).inNamespace("language").withName("wiki").delete();
        await().untilAsserted(() -> assertThat(last("rag-row-language-wiki").data()).containsEntry("deleted", true));
        assertThat(last("rag-row-language-wiki").html()).contains("deleted");
        assertThat(published).filteredOn(event -> event.name().contains("wiki") || event.html().contains("wiki"))
                .isNotEmpty().allMatch(event -> "language".equals(event.namespace()));
    }

    private static RagModel model(String namespace, String name) {
        var model = RagManifestsTests.model(name);
        model.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        model.setStatus(null);
        return model;
    }
}
