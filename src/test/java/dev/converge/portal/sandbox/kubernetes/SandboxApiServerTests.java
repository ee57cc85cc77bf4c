package dev.converge.portal.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime.Unknown;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxApiServerTests {

    private final FakeSimulation simulation = new FakeSimulation();
    private final SandboxApiServer server = new SandboxApiServer(simulation, simulation);
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server.start(0);
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
    void countsTheRequestsItServesByMethod() {
        long gets = server.requests("GET");
        long posts = server.requests("POST");

        client.pods().inNamespace("vision").list();
        client.namespaces().withName("vision").get();
        client.configMaps().inNamespace("vision").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("counted").endMetadata().build()).create();

        assertThat(server.requests("GET")).isEqualTo(gets + 2);
        assertThat(server.requests("POST")).isEqualTo(posts + 1);
        assertThat(server.requests("BREW")).isZero();
    }

    @Test
    void answersVersionAndDiscoveryEvenWithKubectlsQueryString() throws Exception {
        assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("32");

        assertThat(get("/api?timeout=32s").body()).contains("\"versions\":[\"v1\"]");
        assertThat(get("/api/v1?timeout=32s").body()).contains("\"name\":\"pods\"", "\"name\":\"pods/log\"");
        assertThat(get("/apis?timeout=32s").body())
                .contains("\"name\":\"apps\"", "\"name\":\"metrics.k8s.io\"", "\"name\":\"coordination.k8s.io\"");
        assertThat(get("/apis/apps/v1?timeout=32s").body())
                .contains("\"name\":\"deployments\"", "\"name\":\"deployments/scale\"");
        assertThat(get("/apis/nothing.example/v1").statusCode()).isEqualTo(404);
    }

    @Test
    void servesDiscoveryForStoredCustomResourceDefinitions() throws Exception {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("ragmodels.converge.dev").endMetadata()
                .withNewSpec().withGroup("converge.dev").withScope("Namespaced")
                .withNewNames().withKind("RagModel").withPlural("ragmodels").withSingular("ragmodel").endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .endVersion().endSpec().build()).create();

        assertThat(get("/apis").body()).contains("\"name\":\"converge.dev\"");
        assertThat(get("/apis/converge.dev/v1alpha1?timeout=32s").body())
                .contains("\"name\":\"ragmodels\"", "\"name\":\"ragmodels/status\"", "\"kind\":\"RagModel\"");

        var rag = client.genericKubernetesResources("converge.dev/v1alpha1", "RagModel").inNamespace("vision");
        rag.resource(Serialization.unmarshal("""
                {"apiVersion":"converge.dev/v1alpha1","kind":"RagModel",
                 "metadata":{"name":"docs"},"spec":{"model":"llama"}}""",
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).create();
        assertThat(rag.list().getItems()).extracting(r -> r.getMetadata().getName()).containsExactly("docs");
    }

    @Test
    void createsListsPatchesStrategicallyAndDeletes() {
        var deployments = client.apps().deployments().inNamespace("vision");
        deployments.resource(deployment()).create();
        assertThat(deployments.list().getItems()).hasSize(1);

        var patched = deployments.withName("web").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), """
                {"metadata":{"labels":{"tier":"front"}},
                 "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],
                   "containers":[{"name":"web","image":"nginx:1.27"}]}}}}""");

        var container = patched.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("nginx:1.27");
        assertThat(container.getPorts()).as("fields not in the patch are kept").hasSize(1);
        assertThat(patched.getMetadata().getLabels()).containsEntry("tier", "front").containsEntry("app", "web");

        deployments.withName("web").delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> deployments.withName("web").get() == null);
    }

    @Test
    void serverSideApplyCreatesThenMerges() {
        var configMaps = client.configMaps().inNamespace("vision");
        configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("a", "1").build()).fieldManager("converge-portal").serverSideApply();
        configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("b", "2").build()).fieldManager("converge-portal").serverSideApply();

        assertThat(configMaps.withName("settings").get().getData()).containsEntry("a", "1").containsEntry("b", "2");
    }

    @Test
    void servesPodLogsFromTheSimulationAndFollowsThemUntilTheContainerStops() throws Exception {
        client.pods().inNamespace("vision").resource(new PodBuilder().withNewMetadata().withName("build-1")
                .endMetadata().withNewSpec().addNewContainer().withName("builder").withImage("busybox")
                .endContainer().endSpec().build()).create();
        simulation.run("vision", "build-1", "builder");
        simulation.log("vision", "build-1", "builder", "step 1");
        simulation.log("vision", "build-1", "builder", "step 2");

        var pod = client.pods().inNamespace("vision").withName("build-1");
        assertThat(pod.getLog()).isEqualTo("step 1\nstep 2\n");
        assertThat(pod.tailingLines(1).getLog()).isEqualTo("step 2\n");

        var out = new ByteArrayOutputStream();
        try (var watch = pod.watchLog(out)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> simulation.followers("vision", "build-1", "builder") == 1);
            simulation.log("vision", "build-1", "builder", "step 3");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> out.toString(StandardCharsets.UTF_8).contains("step 3"));
            simulation.stop("vision", "build-1", "builder");
            watch.onClose().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("step 1\nstep 2\nstep 3\n");
        assertThatThrownBy(() -> client.pods().inNamespace("vision").withName("missing").getLog())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void servesMetricsLikeMetricsServer() {
        var pods = client.top().pods().metrics("vision").getItems();
        assertThat(pods).singleElement().satisfies(p -> {
            assertThat(p.getMetadata().getName()).isEqualTo("web-1");
            assertThat(p.getContainers().get(0).getUsage().get("cpu").toString()).isEqualTo("120m");
        });
        assertThat(client.top().pods().metrics("vision", "web-1").getMetadata().getName()).isEqualTo("web-1");
        assertThat(client.top().nodes().metrics().getItems()).extracting(n -> n.getMetadata().getName())
                .containsExactly("cpu-zone-a-1");
    }

    @Test
    void storesAProtobufBodyOfABuiltInKindAsKubernetesJson() throws Exception {
        var container = V1.Container.newBuilder().setName("web").setImage("nginx")
                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(8080).setProtocol("TCP"))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("memory", Resource.Quantity.newBuilder().setString("512Mi").build()))
                .setReadinessProbe(V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
                        .setHttpGet(V1.HTTPGetAction.newBuilder().setPath("/ready")
                                .setPort(IntStr.IntOrString.newBuilder().setType(0).setIntVal(8080)))))
                .build();
        var deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("proto").setNamespace("vision")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0))
                        .putLabels("app", "proto"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(3)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "proto"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "proto"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(container)
                                        .setTerminationGracePeriodSeconds(30L))))
                .build();
        var envelope = new ByteArrayOutputStream();
        envelope.write(new byte[] {'k', '8', 's', 0});
        Unknown.newBuilder()
                .setTypeMeta(io.kubernetes.client.proto.Runtime.TypeMeta.newBuilder().setApiVersion("apps/v1").setKind("Deployment"))
                .setRaw(deployment.toByteString()).build().writeTo(envelope);

        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/apis/apps/v1/namespaces/vision/deployments"))
                .header("Content-Type", "application/vnd.kubernetes.protobuf")
                .header("Accept", "application/vnd.kubernetes.protobuf, */*")
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        var stored = Serialization.jsonMapper().readTree(
                get("/apis/apps/v1/namespaces/vision/deployments/proto").body());
        assertThat(stored.path("kind").asString()).isEqualTo("Deployment");
        assertThat(stored.path("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(stored.path("metadata").path("creationTimestamp").asString()).doesNotStartWith("1970");
        assertThat(stored.path("spec").path("replicas").asInt()).isEqualTo(3);
        var podSpec = stored.path("spec").path("template").path("spec");
        assertThat(podSpec.path("terminationGracePeriodSeconds").isNumber()).isTrue();
        var stored0 = podSpec.path("containers").path(0);
        assertThat(stored0.path("ports").path(0).path("containerPort").asInt()).isEqualTo(8080);
        assertThat(stored0.path("resources").path("limits").path("memory").asString()).isEqualTo("512Mi");
        assertThat(stored0.path("readinessProbe").path("httpGet").path("port").asInt()).isEqualTo(8080);
        assertThat(client.apps().deployments().inNamespace("vision").withName("proto").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx");
    }

    @Test
    void answersWhatItCannotServeAtOnceWithAStatus() throws Exception {
        var http = HttpClient.newHttpClient();
        var xml = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/vision/configmaps"))
                        .header("Content-Type", "application/xml").timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString("<configMap/>")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(xml.body()).contains("\"kind\":\"Status\"", "\"reason\":\"UnsupportedMediaType\"");

        var unknownKind = http.send(HttpRequest.newBuilder(
                                URI.create(server.url() + "/apis/apps/v1/namespaces/vision/deployments"))
                        .header("Content-Type", "application/vnd.kubernetes.protobuf").timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'k', '8', 's', 0, 1, 2}))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownKind.statusCode()).isEqualTo(400);
        assertThat(unknownKind.body()).contains("\"kind\":\"Status\"");

        var postToAnObject = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/version"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(postToAnObject.statusCode()).isEqualTo(405);
        assertThat(postToAnObject.body()).contains("\"reason\":\"MethodNotAllowed\"");

        var unservedGroupVersion = http.send(HttpRequest.newBuilder(
                                URI.create(server.url() + "/apis/batch/v1/namespaces/vision/jobs"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\","
                                + "\"metadata\":{\"name\":\"j\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unservedGroupVersion.statusCode()).isEqualTo(404);
        assertThat(unservedGroupVersion.body()).contains("\"reason\":\"NotFound\"", "batch/v1");
    }

    @Test
    void answersKubectlsTableRequestWithTheColumnsOfARealApiServer() throws Exception {
        client.apps().deployments().inNamespace("vision").resource(deployment()).create();
        var tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

        var list = Serialization.jsonMapper().readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url() + "/apis/apps/v1/namespaces/vision/deployments"))
                        .header("Accept", tableAccept).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(list.path("kind").asString()).isEqualTo("Table");
        assertThat(list.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        assertThat(list.path("columnDefinitions").valueStream().map(c -> c.path("name").asString()))
                .containsExactly("Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images",
                        "Selector");
        var row = list.path("rows").path(0);
        assertThat(row.path("cells").path(0).asString()).isEqualTo("web");
        assertThat(row.path("cells").path(1).asString()).isEqualTo("0/2");
        assertThat(row.path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("metadata").path("namespace").asString()).isEqualTo("vision");
        assertThat(row.path("object").has("spec")).isFalse();

        var one = Serialization.jsonMapper().readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url()
                                + "/apis/apps/v1/namespaces/vision/deployments/web?includeObject=Object"))
                        .header("Accept", tableAccept).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(one.path("rows")).hasSize(1);
        assertThat(one.path("rows").path(0).path("object").path("spec").path("replicas").asInt()).isEqualTo(2);

        // Clients that do not ask for a table still get the objects.
        assertThat(get("/apis/apps/v1/namespaces/vision/deployments").body())
                .contains("\"items\"").doesNotContain("\"kind\":\"Table\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static io.fabric8.kubernetes.api.model.apps.Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withLabels(Map.of("app", "web"))
                .endMetadata().withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25")
                .addNewPort().withContainerPort(80).endPort().endContainer().endSpec().endTemplate()
                .endSpec().build();
    }
}
