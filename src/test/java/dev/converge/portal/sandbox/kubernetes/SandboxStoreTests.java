package dev.converge.portal.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads and writes of one object by name among thousands, answered from the store's name index. */
class SandboxStoreTests {

    private static final int STORED = 3_000;

    private final FakeSimulation simulation = new FakeSimulation();
    private final SandboxApiServer server = new SandboxApiServer(simulation, simulation);
    private KubernetesClient client;

    @BeforeEach
    void startWithThousandsOfConfigMaps() {
        server.start(0);
        client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
        for (var namespace : new String[] {"vision", "audio"}) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
        // Straight into the store, as a restored snapshot is: thousands of creates over HTTP would be slow.
        var store = server.store();
        for (int i = 0; i < STORED; i++) {
            put(store, "vision", "settings-" + i, "vision-" + i);
        }
        put(store, "audio", "settings-7", "audio-7");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void getsTheNamedObjectInItsNamespaceAndNothingForAMissingOne() throws Exception {
        var vision = client.configMaps().inNamespace("vision");

        assertThat(vision.withName("settings-7").get().getData()).containsEntry("value", "vision-7");
        assertThat(client.configMaps().inNamespace("audio").withName("settings-7").get().getData())
                .containsEntry("value", "audio-7");
        assertThat(vision.withName("settings-2999").get().getData()).containsEntry("value", "vision-2999");
        assertThat(vision.withName("settings-3000").get()).isNull();
        assertThat(client.configMaps().inNamespace("audio").withName("settings-8").get()).isNull();

        var missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/api/v1/namespaces/vision/configmaps/settings-3000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void updatesTheNamedObjectAndRefusesAStaleResourceVersion() {
        var vision = client.configMaps().inNamespace("vision");
        var stale = vision.withName("settings-42").get();

        var updated = vision.resource(new ConfigMapBuilder(stale).addToData("value", "changed").build()).update();

        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(stale.getMetadata().getResourceVersion()));
        assertThat(vision.withName("settings-42").get().getData()).containsEntry("value", "changed");
        assertThat(client.configMaps().inNamespace("audio").withName("settings-7").get().getData())
                .as("the same name elsewhere is untouched").containsEntry("value", "audio-7");
        assertThatThrownBy(() -> vision.resource(new ConfigMapBuilder(stale).addToData("value", "lost").build())
                .update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(vision.withName("settings-42").get().getData()).containsEntry("value", "changed");
        assertThatThrownBy(() -> vision.resource(new ConfigMapBuilder().withNewMetadata().withName("settings-3000")
                .withResourceVersion("1").endMetadata().build()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void patchesTheNamedObjectAndItsStatus() {
        var vision = client.configMaps().inNamespace("vision");

        var patched = vision.withName("settings-100").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"tier\":\"gold\"}},\"data\":{\"extra\":\"yes\"}}");

        assertThat(patched.getData()).containsEntry("value", "vision-100").containsEntry("extra", "yes");
        assertThat(vision.withLabel("tier", "gold").list().getItems()).extracting(c -> c.getMetadata().getName())
                .as("the index follows the new labels into the stored key").containsExactly("settings-100");

        var pods = client.pods().inNamespace("vision");
        var pod = pods.resource(new PodBuilder().withNewMetadata().withName("worker").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
                .build()).create();
        pods.resource(new PodBuilder(pod).withNewStatus().withPhase("Running").endStatus().build()).updateStatus();
        assertThat(pods.withName("worker").get().getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void deletesTheNamedObjectOnlyAndKeepsTheIndexInStepWithTheStore() {
        var store = server.store();
        var vision = client.configMaps().inNamespace("vision");
        int before = store.getMap().size();
        assertThat(store.indexedKeys()).as("one index entry per stored object").isEqualTo(before);

        assertThat(vision.withName("settings-7").delete()).hasSize(1);

        assertThat(vision.withName("settings-7").get()).isNull();
        assertThat(vision.list().getItems()).hasSize(STORED - 1)
                .noneMatch(c -> c.getMetadata().getName().equals("settings-7"));
        assertThat(client.configMaps().inNamespace("audio").withName("settings-7").get()).isNotNull();
        assertThat(store.getMap()).hasSize(before - 1);
        assertThat(store.indexedKeys()).isEqualTo(before - 1);
        assertThat(vision.withName("settings-7").delete()).as("deleting it again finds nothing").isEmpty();
    }

    @Test
    void marksAnObjectWithFinalizersForDeletionInsteadOfRemovingIt() {
        var vision = client.configMaps().inNamespace("vision");
        vision.resource(new ConfigMapBuilder().withNewMetadata().withName("guarded")
                .addToFinalizers("converge.dev/cleanup").endMetadata().build()).create();

        vision.withName("guarded").delete();

        ConfigMap guarded = vision.withName("guarded").get();
        assertThat(guarded).isNotNull();
        assertThat(guarded.getMetadata().getDeletionTimestamp()).isNotBlank();

        vision.resource(new ConfigMapBuilder(guarded).editMetadata().withFinalizers().endMetadata().build()).update();
        vision.withName("guarded").delete();
        assertThat(vision.withName("guarded").get()).isNull();
        assertThat(server.store().indexedKeys()).isEqualTo(server.store().getMap().size());
    }

    private static void put(SandboxStore store, String namespace, String name, String value) {
        var collection = "/api/v1/namespaces/" + namespace + "/configmaps";
        var configMap = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withUid(namespace + "-" + name).withCreationTimestamp("2026-01-01T00:00:00Z").withGeneration(1L)
                .withResourceVersion(String.valueOf(store.requestResourceVersion()))
                .endMetadata().addToData("value", value).build();
        var json = Serialization.asJson(configMap);
        store.processEvent(collection, store.getKey(collection), null,
                Serialization.unmarshal(json, GenericKubernetesResource.class), json);
    }
}
