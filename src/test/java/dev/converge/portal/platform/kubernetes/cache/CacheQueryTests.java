package dev.converge.portal.platform.kubernetes.cache;

import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.caches;
import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.model;
import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query API list pages use: 25 vision models, 12 language models, a foreign deployment and some pods. */
@EnableKubernetesMockClient(crud = true)
class CacheQueryTests {

    static KubernetesClient client;
    static KubernetesCaches caches;

    @BeforeAll
    static void seedAndSync() {
        for (var name : List.of("vision", "language", "outsider")) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
        for (int i = 1; i <= 25; i++) {
            client.resource(model("vision", "resnet-%02d".formatted(i))).create();
        }
        for (int i = 1; i <= 12; i++) {
            client.resource(model("language", "bert-%02d".formatted(i))).create();
        }
        client.resource(CacheFixtures.deployment("vision", "hand-made", Map.of("app", "legacy"))).create();
        client.resource(model("outsider", "resnet-foreign")).create();
        for (int i = 1; i <= 6; i++) {
            client.resource(pod("vision", "resnet-01-pod-" + i, i <= 4 ? "gpu-a-1" : "gpu-b-1",
                    i <= 3 ? "rs-uid-1" : "rs-uid-2")).create();
        }
        caches = caches(client, Map.of());
        caches.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> caches.syncStates().stream().allMatch(KindSyncState::current));
    }

    @AfterAll
    static void stop() {
        caches.stop();
    }

    @Test
    void filtersByNamespace() {
        assertThat(caches.query(Deployment.class).namespace("language").count()).isEqualTo(12);
        assertThat(caches.query(Deployment.class).namespaces(Set.of("vision", "language")).count()).isEqualTo(38);
        assertThat(caches.query(Deployment.class).namespaces(Set.of()).count())
                .as("a user without teams sees nothing").isZero();
        assertThat(caches.query(Deployment.class).namespace("outsider").count())
                .as("not a team namespace, so not cached").isZero();
    }

    @Test
    void filtersByLabel() {
        assertThat(caches.query(Deployment.class).label("converge.dev/kind", "model").count()).isEqualTo(37);
        assertThat(caches.query(Deployment.class)
                .label("converge.dev/kind", "model")
                .label("converge.dev/team", "language")
                .count()).isEqualTo(12);
        assertThat(caches.query(Deployment.class).namespace("language").label("app", "legacy").count()).isZero();
    }

    @Test
    void findsPodsByOwnerAndNode() {
        assertThat(caches.query(Pod.class).ownedBy("rs-uid-1").list()).extracting(this::name)
                .containsExactly("resnet-01-pod-1", "resnet-01-pod-2", "resnet-01-pod-3");
        assertThat(caches.query(Pod.class).indexed(CacheIndexes.NODE, "gpu-b-1").count()).isEqualTo(2);
        assertThat(caches.query(Pod.class).indexed(CacheIndexes.NODE, "gpu-a-1").ownedBy("rs-uid-2").list())
                .extracting(this::name).containsExactly("resnet-01-pod-4");
    }

    @Test
    void searchesTextInNameOrGivenFieldsIgnoringCase() {
        assertThat(caches.query(Deployment.class).search("BERT-0").count()).isEqualTo(9);
        assertThat(caches.query(Deployment.class)
                .search("registry.local/hand", d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .list()).extracting(this::name).containsExactly("hand-made");
        assertThat(caches.query(Deployment.class).search("  ").count()).as("blank search matches all").isEqualTo(38);
    }

    @Test
    void combinesConditionsAndSorts() {
        var languageByNameDescending = caches.query(Deployment.class)
                .namespace("language")
                .where(d -> d.getSpec().getReplicas() == 1)
                .sortBy(Comparator.comparing(this::name).reversed())
                .list();

        assertThat(languageByNameDescending).extracting(this::name).startsWith("bert-12", "bert-11").hasSize(12);
        assertThat(caches.list(Deployment.class, "language").get(0).getMetadata().getName()).isEqualTo("bert-01");
    }

    @Test
    void pagesWithTotals() {
        var query = caches.query(Deployment.class).namespace("vision").label("converge.dev/kind", "model");

        var first = query.page(0, 10);
        assertThat(first.items()).extracting(this::name).startsWith("resnet-01").hasSize(10);
        assertThat(first.totalItems()).isEqualTo(25);
        assertThat(first.totalPages()).isEqualTo(3);
        assertThat(first.hasPrevious()).isFalse();
        assertThat(first.hasNext()).isTrue();

        var last = query.page(2, 10);
        assertThat(last.items()).extracting(this::name).containsExactly("resnet-21", "resnet-22", "resnet-23",
                "resnet-24", "resnet-25");
        assertThat(last.hasNext()).isFalse();

        assertThat(query.page(99, 10).page()).as("past the end shows the last page").isEqualTo(2);
        assertThat(query.page(0, 100_000).size()).isEqualTo(CacheQuery.MAX_PAGE_SIZE);
    }

    @Test
    void smallPagesOfALargeListFollowTheSameOrderAsTheWholeList() {
        var newestNameFirst = CacheQuery.byName().reversed();
        var whole = caches.query(Deployment.class).label("converge.dev/kind", "model").sortBy(newestNameFirst).list();

        var paged = new java.util.ArrayList<Deployment>();
        for (int page = 0; page * 3 < whole.size(); page++) {
            paged.addAll(caches.query(Deployment.class).label("converge.dev/kind", "model")
                    .sortBy(newestNameFirst).page(page, 3).items());
        }

        assertThat(whole).as("pages of 3 are under a quarter of the list: the bounded-heap path").hasSizeGreaterThan(12);
        assertThat(paged.stream().map(this::name).toList()).isEqualTo(whole.stream().map(this::name).toList());
    }

    @Test
    void aPageShowsChangesAtOnceThoughSortedListsAreReused() {
        var query = (java.util.function.Supplier<ResultPage<Deployment>>) () -> caches.query(Deployment.class)
                .namespace("vision").label("converge.dev/kind", "model").sortBy(CacheQuery.byName()).page(0, 5);
        assertThat(query.get().items()).extracting(this::name).startsWith("resnet-01");
        assertThat(query.get().items()).as("the same sorted list again").extracting(this::name)
                .startsWith("resnet-01");

        client.resource(model("vision", "resnet-00")).create();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(query.get().items()).extracting(this::name).startsWith("resnet-00", "resnet-01");
                assertThat(query.get().totalItems()).isEqualTo(26);
            });
        }
        finally {
            client.resource(model("vision", "resnet-00")).delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> query.get().totalItems() == 25);
        }
        assertThat(query.get().items()).extracting(this::name).startsWith("resnet-01");
    }

    /** Most pods labelled with the deployment's name first: an order that reads another kind. */
    private static final Comparator<Deployment> MOST_PODS_FIRST = Comparator
            .comparingLong((Deployment d) -> -caches.query(Pod.class).namespace(d.getMetadata().getNamespace())
                    .label("app.kubernetes.io/name", d.getMetadata().getName()).count())
            .thenComparing(d -> d.getMetadata().getName());

    @Test
    void aSortedListThatReadsAnotherKindIsMadeAgainWhenThatKindChanges() {
        var query = (java.util.function.Supplier<ResultPage<Deployment>>) () -> caches.query(Deployment.class)
                .namespace("vision").label("converge.dev/kind", "model").sortBy(MOST_PODS_FIRST, Pod.class)
                .page(0, 5);
        assertThat(query.get().items()).extracting(this::name).startsWith("resnet-01");

        var labelled = pod("vision", "resnet-25-pod", "gpu-a-1", "rs-uid-25");
        labelled.getMetadata().setLabels(Map.of("app.kubernetes.io/name", "resnet-25"));
        client.resource(labelled).create();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(query.get().items()).extracting(this::name).startsWith("resnet-25", "resnet-01"));
        }
        finally {
            client.resource(labelled).delete();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(query.get().items()).extracting(this::name).startsWith("resnet-01"));
        }
    }

    @Test
    void emptyResultHasOneEmptyPage() {
        var page = caches.query(Deployment.class).search("no-such-model").page(0, 20);

        assertThat(page.items()).isEmpty();
        assertThat(page.totalItems()).isZero();
        assertThat(page.totalPages()).isZero();
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void getsOneObjectOrNothing() {
        assertThat(caches.get(Deployment.class, "vision", "resnet-07")).isPresent();
        assertThat(caches.get(Deployment.class, "language", "resnet-07")).isEmpty();
        assertThat(caches.get(Deployment.class, "outsider", "resnet-foreign")).isEmpty();
    }

    @Test
    void refusesAnIndexTheKindDoesNotHave() {
        assertThatThrownBy(() -> caches.query(Deployment.class).indexed(CacheIndexes.NODE, "gpu-a-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Deployment has no index 'node'");
    }

    private String name(HasMetadata object) {
        return object.getMetadata().getName();
    }
}
