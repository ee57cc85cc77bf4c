package dev.converge.portal.platform.kubernetes.cache;

import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.caches;
import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.model;
import static dev.converge.portal.platform.kubernetes.cache.CacheFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesCachesTests {

    static KubernetesClient client;

    private KubernetesCaches caches;

    @BeforeEach
    void namespaces() {
        for (var name : List.of("vision", "language", "outsider")) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                    .createOr(existing -> existing.update());
        }
    }

    @AfterEach
    void stopCachesAndClearTheServer() {
        if (caches != null) {
            caches.stop();
        }
        client.apps().deployments().inAnyNamespace().delete();
        client.configMaps().inAnyNamespace().delete();
        client.nodes().delete();
    }

    private KubernetesCaches startedCaches(Map<String, String> settings) {
        caches = caches(client, settings);
        caches.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> caches.syncStates().stream().allMatch(KindSyncState::current));
        return caches;
    }

    @Test
    void seesObjectsCreatedUpdatedAndDeleted() {
        startedCaches(Map.of());

        client.resource(model("vision", "resnet")).create();
        await().until(() -> caches.get(Deployment.class, "vision", "resnet").isPresent());

        client.apps().deployments().inNamespace("vision").withName("resnet")
                .edit(deployment -> { deployment.getSpec().setReplicas(3); return deployment; });
        await().until(() -> caches.get(Deployment.class, "vision", "resnet").orElseThrow().getSpec().getReplicas() == 3);

        client.apps().deployments().inNamespace("vision").withName("resnet").delete();
        await().until(() -> caches.get(Deployment.class, "vision", "resnet").isEmpty());
    }

    @Test
    void teamScopeLeavesOtherNamespacesOut() {
        client.resource(model("outsider", "not-ours")).create();
        client.resource(model("language", "bert")).create();
        startedCaches(Map.of());

        assertThat(caches.list(Deployment.class, null)).extracting(d -> d.getMetadata().getName())
                .containsExactly("bert");
        assertThat(caches.get(Deployment.class, "outsider", "not-ours")).isEmpty();
        assertThat(caches.watchedNamespaces()).contains(java.util.Set.of("vision", "language"));
    }

    @Test
    void clusterScopeSeesEveryNamespace() {
        client.resource(model("outsider", "theirs")).create();
        client.resource(model("vision", "ours")).create();
        startedCaches(Map.of("portal.kubernetes.informer-scope", "cluster"));

        assertThat(caches.list(Deployment.class, null)).extracting(d -> d.getMetadata().getName())
                .containsExactly("theirs", "ours");
        assertThat(caches.list(Deployment.class, "outsider")).hasSize(1);
        assertThat(caches.watchedNamespaces()).isEmpty();
    }

    @Test
    void nodesAreCachedClusterWide() {
        client.resource(node("cpu-a-1", "zone-a")).create();
        startedCaches(Map.of());

        assertThat(caches.get(Node.class, null, "cpu-a-1")).isPresent();
        assertThat(caches.query(Node.class).label("topology.kubernetes.io/zone", "zone-a").count()).isEqualTo(1);
    }

    @Test
    void listenersHearOfExistingAndNewObjects() {
        client.resource(model("vision", "existing")).create();
        startedCaches(Map.of());
        var added = new CopyOnWriteArrayList<String>();
        caches.addListener(Deployment.class, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                added.add(deployment.getMetadata().getName());
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
            }
        });

        client.resource(model("language", "fresh")).create();

        await().untilAsserted(() -> assertThat(added).containsExactlyInAnyOrder("existing", "fresh"));
    }

    @Test
    void kindsRegisteredLaterAreCachedToo() {
        startedCaches(Map.of());
        caches.register(ConfigMap.class);
        client.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("vision").withName("settings")
                .endMetadata().addToData("k", "v").build()).create();

        await().until(() -> caches.get(ConfigMap.class, "vision", "settings").isPresent());
        await().until(() -> caches.hasSynced(ConfigMap.class));
    }

    @Test
    void relistingKeepsServingAndSyncsAgain() {
        client.resource(model("vision", "kept")).create();
        caches = caches(client, Map.of());
        caches.start();
        caches.relist();
        await().atMost(Duration.ofSeconds(10)).until(() -> caches.syncStates().stream().allMatch(KindSyncState::current));

        caches.relist();

        assertThat(caches.get(Deployment.class, "vision", "kept")).as("served while listing again").isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> caches.syncStates().stream().allMatch(KindSyncState::current));
        assertThat(caches.get(Deployment.class, "vision", "kept")).isPresent();
    }

    @Test
    void unknownKindsAreRefusedWithAClearMessage() {
        caches = caches(client, Map.of());

        assertThatThrownBy(() -> caches.query(Namespace.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Namespace is not cached");
    }

    @Test
    void startsWithoutWaitingForAnUnreachableServer() {
        var unreachable = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build())
                .build();
        try (unreachable) {
            caches = caches(unreachable, Map.of());
            caches.start();

            assertThat(caches.isRunning()).isTrue();
            await().untilAsserted(() -> assertThat(caches.syncStates())
                    .allSatisfy(state -> assertThat(state.lastError()).isNotNull()));
            assertThat(caches.informers(Deployment.class)).allSatisfy(informer ->
                    assertThat(informer.isRunning()).as("informer keeps retrying").isTrue());
        } finally {
            caches.stop();
            caches = null;
        }
    }
}
