package dev.converge.portal.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service proxy against a bare sandbox API server, with pod servers written for the test. */
class ServiceProxyTests {

    private final FakeSimulation simulation = new FakeSimulation();
    private final SandboxApiServer server = new SandboxApiServer(simulation, simulation);
    private final List<ProxiedPod> podsServed = new CopyOnWriteArrayList<>();
    private final List<ProxiedRequest> requests = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private KubernetesClient client;

    /** Answers what it received; claims the pods labelled {@code echo=yes}. */
    private final SandboxPodServer echo = new SandboxPodServer() {
        @Override
        public boolean serves(ProxiedPod pod) {
            return "yes".equals(pod.labels().get("echo"));
        }

        @Override
        public void serve(ProxiedPod pod, ProxiedRequest request, ProxiedResponse response) {
            podsServed.add(pod);
            requests.add(request);
            response.send(201, "text/plain", pod.name() + " " + request.method() + " " + request.path() + "?"
                    + request.query() + " " + request.header("X-Trace") + " " + request.bodyText());
        }
    };

    @BeforeEach
    void start() {
        server.start(0);
        server.podServers(() -> List.of(echo));
        client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("vision").endMetadata()
                .build()).create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void passesMethodPathQueryHeadersAndBodyToAReadyPodAndItsAnswerBack() throws Exception {
        service("echo", Map.of("app", "echo"));
        pod("echo-1", Map.of("app", "echo", "echo", "yes"), true);

        var response = http.send(HttpRequest.newBuilder(proxy("http:echo:web", "/a/b%20c?x=1&y=two"))
                .header("X-Trace", "t-1").PUT(HttpRequest.BodyPublishers.ofString("the body")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("echo-1 PUT /a/b%20c?x=1&y=two t-1 the body");
        var pod = podsServed.get(0);
        assertThat(pod.port()).isEqualTo(9000);
        assertThat(pod.env()).containsEntry("SANDBOX_MODEL_LATENCY_MS", "5");
        assertThat(pod.workloadKind()).isEqualTo("Pod");
        assertThat(get(proxy("echo", "")).body()).startsWith("echo-1 GET /?");
        assertThat(get(proxy("echo:80", "/x")).statusCode()).isEqualTo(201);
    }

    @Test
    void takesTheReadyPodsInTurnAndSkipsTheOthers() throws Exception {
        service("echo", Map.of("app", "echo"));
        pod("echo-a", Map.of("app", "echo", "echo", "yes"), true);
        pod("echo-b", Map.of("app", "echo", "echo", "yes"), true);
        pod("echo-starting", Map.of("app", "echo", "echo", "yes"), false);
        pod("other-app", Map.of("app", "other", "echo", "yes"), true);

        var answeredBy = new ArrayList<String>();
        for (int i = 0; i < 4; i++) {
            answeredBy.add(get(proxy("echo:web", "/")).body().split(" ")[0]);
        }

        assertThat(answeredBy).containsExactlyInAnyOrder("echo-a", "echo-a", "echo-b", "echo-b");
        assertThat(answeredBy.get(0)).isNotEqualTo(answeredBy.get(1));
    }

    @Test
    void answersAsARealApiServerWhenNothingCanServe() throws Exception {
        service("echo", Map.of("app", "echo"));
        service("silent", Map.of("app", "silent"));
        pod("silent-1", Map.of("app", "silent"), true);

        var missing = get(proxy("nope", "/"));
        var noPods = get(proxy("echo:web", "/"));
        var noSuchPort = get(proxy("echo:8443", "/"));
        var refused = get(proxy("silent", "/"));

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"kind\":\"Status\"", "services \\\"nope\\\" not found");
        assertThat(noPods.statusCode()).isEqualTo(503);
        assertThat(noPods.body()).contains("no endpoints available for service \\\"echo:web\\\"");
        assertThat(noSuchPort.statusCode()).isEqualTo(503);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("error trying to reach service: dial tcp 10.0.0.9:9000: connect: "
                + "connection refused");
    }

    @Test
    void streamsEachWriteAsItComesAndTellsTheServerWhenTheClientLeaves() throws Exception {
        var cancelled = new CountDownLatch(1);
        var writes = new AtomicInteger();
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        server.podServers(() -> List.of(new SandboxPodServer() {
            @Override
            public boolean serves(ProxiedPod pod) {
                return true;
            }

            @Override
            public void serve(ProxiedPod pod, ProxiedRequest request, ProxiedResponse response) {
                response.start(200, Map.of("Content-Type", "text/plain"));
                var task = scheduler.scheduleAtFixedRate(() -> {
                    response.write("line " + writes.incrementAndGet() + "\n");
                }, 0, 50, TimeUnit.MILLISECONDS);
                response.onCancel(() -> {
                    task.cancel(false);
                    cancelled.countDown();
                });
            }
        }));
        service("ticker", Map.of("app", "ticker"));
        pod("ticker-1", Map.of("app", "ticker"), true);
        try {
            var response = http.send(HttpRequest.newBuilder(proxy("ticker", "/")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            var started = System.nanoTime();
            assertThat(reader.readLine()).isEqualTo("line 1");
            assertThat(reader.readLine()).isEqualTo("line 2");
            assertThat(reader.readLine()).isEqualTo("line 3");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("not buffered")
                    .isLessThan(2_000);
            response.body().close();

            assertThat(cancelled.await(5, TimeUnit.SECONDS)).as("the pod server saw the client leave").isTrue();
            var after = writes.get();
            await("no more writes once the client left").during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2)).until(() -> writes.get() == after);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private URI proxy(String id, String path) {
        return URI.create(server.url() + "/api/v1/namespaces/vision/services/" + id + "/proxy" + path);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void service(String name, Map<String, String> selector) {
        client.services().inNamespace("vision").resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withSelector(selector).addNewPort().withName("web").withPort(80)
                .withTargetPort(new IntOrString("web")).endPort().endSpec().build()).create();
    }

    private void pod(String name, Map<String, String> labels, boolean ready) {
        var pod = client.pods().inNamespace("vision").resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("server")
                .withImage("server:1").addNewPort().withName("web").withContainerPort(9000).endPort()
                .addNewEnv().withName("SANDBOX_MODEL_LATENCY_MS").withValue("5").endEnv().endContainer()
                .endSpec().build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .withPodIP("10.0.0.9").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().build());
        client.pods().inNamespace("vision").resource(pod).updateStatus();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.pods().inNamespace("vision").withName(name).get()
                .getStatus().getPhase() != null);
    }
}
