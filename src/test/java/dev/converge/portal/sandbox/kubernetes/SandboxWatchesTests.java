package dev.converge.portal.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watches served by the sandbox itself: fabric8 clients over WebSocket, plain HTTP streams, resuming, expiring. */
class SandboxWatchesTests {

    private static final int HISTORY = 20;

    private final FakeSimulation simulation = new FakeSimulation();
    private final SandboxApiServer server = new SandboxApiServer(simulation, simulation, HISTORY);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server.start(0);
        client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
        for (var namespace : List.of("vision", "speech")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (var closeable : toClose) {
            closeable.close();
        }
        client.close();
        server.close();
    }

    @Test
    void aClientWatchSeesAddedModifiedAndDeletedObjectsThatMatchItsFilter() {
        var all = new Recorder();
        var labelled = new Recorder();
        var named = new Recorder();
        toClose.add(client.configMaps().inNamespace("vision").watch(all));
        toClose.add(client.configMaps().inNamespace("vision").withLabel("team", "cv").watch(labelled));
        toClose.add(client.configMaps().inNamespace("vision").withName("settings").watch(named));
        await().until(() -> server.openWatches() == 3);

        create("vision", "settings", Map.of("team", "cv"));
        create("vision", "other", Map.of("team", "nlp"));
        create("speech", "settings", Map.of("team", "cv"));
        client.configMaps().inNamespace("vision").withName("settings")
                .edit(c -> new ConfigMapBuilder(c).addToData("mode", "fast").build());
        client.configMaps().inNamespace("vision").withName("other").delete();

        await().untilAsserted(() -> assertThat(all.events).containsExactly("ADDED vision/settings",
                "ADDED vision/other", "MODIFIED vision/settings", "DELETED vision/other"));
        await().untilAsserted(() -> assertThat(labelled.events).containsExactly("ADDED vision/settings",
                "MODIFIED vision/settings"));
        await().untilAsserted(() -> assertThat(named.events).containsExactly("ADDED vision/settings",
                "MODIFIED vision/settings"));
        assertThat(all.objects.get(2).getData()).containsEntry("mode", "fast");
        assertThat(Long.parseLong(all.objects.get(3).getMetadata().getResourceVersion()))
                .as("a deletion gets a version of its own")
                .isGreaterThan(Long.parseLong(all.objects.get(2).getMetadata().getResourceVersion()));
    }

    @Test
    void anObjectThatStopsMatchingTheSelectorIsDeletedFromTheWatch() {
        create("vision", "settings", Map.of("team", "cv"));
        var labelled = new Recorder();
        toClose.add(client.configMaps().inNamespace("vision").withLabel("team", "cv").watch(labelled));
        await().untilAsserted(() -> assertThat(labelled.events).containsExactly("ADDED vision/settings"));

        client.configMaps().inNamespace("vision").withName("settings")
                .edit(c -> new ConfigMapBuilder(c).editMetadata().addToLabels("team", "nlp").endMetadata().build());

        await().untilAsserted(() -> assertThat(labelled.events).containsExactly("ADDED vision/settings",
                "DELETED vision/settings"));
    }

    @Test
    void aWatchFromAResourceVersionFirstReplaysWhatHappenedSince() {
        create("vision", "before", Map.of());
        var version = client.configMaps().inNamespace("vision").list().getMetadata().getResourceVersion();
        create("vision", "missed", Map.of());
        client.configMaps().inNamespace("vision").withName("before").delete();

        var recorder = new Recorder();
        toClose.add(client.configMaps().inNamespace("vision").withResourceVersion(version).watch(recorder));
        create("vision", "live", Map.of());

        await().untilAsserted(() -> assertThat(recorder.events).containsExactly("ADDED vision/missed",
                "DELETED vision/before", "ADDED vision/live"));
    }

    @Test
    void aWatchFromAVersionOlderThanTheHistoryIsToldItExpired() {
        var version = client.configMaps().inNamespace("vision").list().getMetadata().getResourceVersion();
        for (int i = 0; i < HISTORY + 5; i++) {
            create("vision", "config-" + i, Map.of());
        }
        var recorder = new Recorder();
        toClose.add(client.configMaps().inNamespace("vision").withResourceVersion(version).watch(recorder));

        await().untilAsserted(() -> assertThat(recorder.closedWith.get()).isNotNull());
        assertThat(recorder.closedWith.get().isHttpGone()).isTrue();
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void anInformerThatMissedMoreThanTheHistoryListsAgain() {
        create("vision", "first", Map.of());
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("vision").inform();
        toClose.add(informer::close);
        await().until(() -> informer.getStore().list().size() == 1 && server.openWatches() == 1);

        // The informer's watch ends and, before it watches again, more changes happen than the history keeps.
        server.endWatches();
        for (int i = 0; i < HISTORY + 5; i++) {
            create("vision", "config-" + i, Map.of());
        }
        client.configMaps().inNamespace("vision").withName("first").delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(informer.getStore().list())
                .hasSize(HISTORY + 5).noneMatch(c -> c.getMetadata().getName().equals("first")));
        create("vision", "after", Map.of());
        await().untilAsserted(() -> assertThat(informer.getStore().getByKey("vision/after")).isNotNull());
    }

    @Test
    void streamsNewlineDelimitedEventsOverPlainHttpUntilTheTimeout() throws Exception {
        create("vision", "existing", Map.of());
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(server.url()
                + "/api/v1/namespaces/vision/configmaps?watch=1&timeoutSeconds=2")).build();
        var lines = new CopyOnWriteArrayList<String>();
        var response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        var done = response.thenAccept(r -> r.body().forEach(lines::add));

        await().until(() -> lines.size() == 1);
        create("vision", "streamed", Map.of());
        await().until(() -> lines.size() == 2);
        done.get(10, TimeUnit.SECONDS);

        assertThat(response.get().statusCode()).isEqualTo(200);
        assertThat(lines).extracting(SandboxWatchesTests::typeAndName)
                .containsExactly("ADDED existing", "ADDED streamed");
    }

    @Test
    void openingAndClosingManyWatchesWhileWritingNeverStallsOtherRequests() throws Exception {
        var writing = new AtomicBoolean(true);
        var writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; writing.get(); i++) {
                create("speech", "load-" + i, Map.of("team", "nlp"));
            }
        });
        var watches = new ArrayList<Watch>();
        for (int i = 0; i < 200; i++) {
            var namespace = i % 2 == 0 ? "speech" : "vision";
            watches.add(client.configMaps().inNamespace(namespace).watch(new Recorder()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> server.openWatches() == 200);

        var slowest = new AtomicReference<Duration>(Duration.ZERO);
        var closing = CompletableFuture.runAsync(() -> watches.forEach(Watch::close));
        while (!closing.isDone() || server.openWatches() > 0) {
            var started = System.nanoTime();
            client.namespaces().withName("vision").get();
            var took = Duration.ofNanos(System.nanoTime() - started);
            slowest.accumulateAndGet(took, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            assertThat(took).as("a GET while watches close").isLessThan(Duration.ofSeconds(2));
        }
        writing.set(false);
        writer.get(10, TimeUnit.SECONDS);
        closing.get(10, TimeUnit.SECONDS);
        assertThat(server.openWatches()).isZero();
        assertThat(slowest.get()).isLessThan(Duration.ofSeconds(2));
    }

    private void create(String namespace, String name, Map<String, String> labels) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().addToData("a", "1").build()).create();
    }

    private static String typeAndName(String line) {
        var event = Serialization.jsonMapper().readTree(line);
        return event.path("type").asString() + " " + event.path("object").path("metadata").path("name").asString();
    }

    /** Records what a watch receives, as "TYPE namespace/name". */
    private static final class Recorder implements Watcher<ConfigMap> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<ConfigMap> objects = new CopyOnWriteArrayList<>();
        final AtomicReference<WatcherException> closedWith = new AtomicReference<>();

        @Override
        public void eventReceived(Action action, ConfigMap resource) {
            objects.add(resource);
            events.add(action + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
            closedWith.set(cause);
        }
    }
}
