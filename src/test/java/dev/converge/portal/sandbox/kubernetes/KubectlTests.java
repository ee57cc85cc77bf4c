package dev.converge.portal.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.sandbox.SandboxConfiguration;
import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterModeResolver;
import dev.converge.portal.platform.kubernetes.KubernetesClientConfiguration;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** kubectl v1.32 against the sandbox: what the portal writes kubectl sees, and the other way round. */
class KubectlTests {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    private final Path dataDir = Path.of("target", "test-data", "kubectl-" + UUID.randomUUID()).toAbsolutePath();
    private final Path cacheDir = dataDir.resolve("kubectl-cache");
    private final FakeSimulation simulation = new FakeSimulation();

    @BeforeAll
    static void kubectlInstalled() {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL + ": skipping");
    }

    /** The sandbox API server with a client of it, as the portal starts them. */
    private ApplicationContextRunner sandbox() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, ClusterModeResolver.class, SandboxConfiguration.class,
                        KubernetesClientConfiguration.class)
                .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir)
                .withBean(ClusterSimulation.class, () -> simulation);
    }

    @Test
    void kubectlAndThePortalSeeEachOthersChanges() {
        sandbox().run(context -> {
            var kubeconfig = context.getBean(SandboxCluster.class).kubeconfig();
            var client = context.getBean(KubernetesClient.class);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("vision")
                    .endMetadata().build()).create();
            client.pods().inNamespace("vision").resource(new PodBuilder().withNewMetadata()
                    .withName("from-portal").endMetadata().withNewSpec().addNewContainer().withName("app")
                    .withImage("busybox").endContainer().endSpec().build()).create();

            assertThat(kubectl(kubeconfig, "get", "pods", "-A")).contains("vision", "from-portal");
            assertThat(kubectl(kubeconfig, "describe", "pod", "-n", "vision", "from-portal"))
                    .contains("from-portal", "busybox");
            simulation.log("vision", "from-portal", "app", "hello from the simulation");
            assertThat(kubectl(kubeconfig, "logs", "-f", "-n", "vision", "from-portal"))
                    .isEqualTo("hello from the simulation\n");
            assertThat(kubectl(kubeconfig, "top", "pods", "-n", "vision")).contains("web-1", "120m");

            var manifest = dataDir.resolve("deployment.yaml");
            Files.writeString(manifest, deployment("nginx:1.25"));
            assertThat(kubectl(kubeconfig, "apply", "--validate=false", "-f", manifest.toString()))
                    .contains("deployment.apps/web created");
            var deployment = client.apps().deployments().inNamespace("vision").withName("web").get();
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);

            Files.writeString(manifest, deployment("nginx:1.27"));
            assertThat(kubectl(kubeconfig, "apply", "--validate=false", "-f", manifest.toString()))
                    .contains("deployment.apps/web configured");
            var container = client.apps().deployments().inNamespace("vision").withName("web").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("nginx:1.27");
            assertThat(container.getPorts()).hasSize(1);

            kubectl(kubeconfig, "label", "-n", "vision", "pod", "from-portal", "checked=yes");
            assertThat(client.pods().inNamespace("vision").withName("from-portal").get().getMetadata()
                    .getLabels()).containsEntry("checked", "yes");

            client.configMaps().inNamespace("vision").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("settings").endMetadata().addToData("a", "1").build()).create();
            assertThat(kubectl(kubeconfig, "get", "configmap", "-n", "vision", "settings", "-o",
                    "jsonpath={.data.a}")).isEqualTo("1");

            kubectl(kubeconfig, "delete", "-n", "vision", "deployment", "web");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    client.apps().deployments().inNamespace("vision").withName("web").get() == null);
            assertThat(kubectl(kubeconfig, "get", "deployments", "-n", "vision")).doesNotContain("web");
        });
    }

    @Test
    void kubectlGetWatchPrintsPodsCreatedWhileItWatches() {
        sandbox().run(context -> {
            var kubeconfig = context.getBean(SandboxCluster.class).kubeconfig();
            var client = context.getBean(KubernetesClient.class);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("vision")
                    .endMetadata().build()).create();
            client.pods().inNamespace("vision").resource(pod("before-watch")).create();

            var output = dataDir.resolve("watch.out");
            var watch = new ProcessBuilder(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                    "--cache-dir", cacheDir.toString(), "get", "pods", "-n", "vision", "-w")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> Files.readString(output).contains("before-watch"));
                client.pods().inNamespace("vision").resource(pod("during-watch")).create();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> Files.readString(output).contains("during-watch"));
                assertThat(watch.isAlive()).as("kubectl keeps watching:%n%s", Files.readString(output))
                        .isTrue();
            } finally {
                watch.destroy();
                watch.waitFor(10, TimeUnit.SECONDS);
            }
        });
    }

    @Test
    void kubectlCreateDeploymentAnswersAtOnceAndTheDeploymentExists() {
        sandbox().run(context -> {
            var kubeconfig = context.getBean(SandboxCluster.class).kubeconfig();
            var client = context.getBean(KubernetesClient.class);
            namespace(client, "vision");

            // kubectl sends built-in kinds as protobuf; --request-timeout=10s fails the command if nobody answers.
            assertThat(kubectl(kubeconfig, "create", "deployment", "web", "--image=nginx", "--replicas=3",
                    "--port=8080", "-n", "vision")).contains("deployment.apps/web created");

            var deployment = client.apps().deployments().inNamespace("vision").withName("web").get();
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
            assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web");
            var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("nginx");
            assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);
            assertThat(deployment.getMetadata().getCreationTimestamp()).doesNotStartWith("1970");
        });
    }

    @Test
    void kubectlApplyWorksWithoutTurningValidationOff() {
        sandbox().run(context -> {
            var kubeconfig = context.getBean(SandboxCluster.class).kubeconfig();
            var client = context.getBean(KubernetesClient.class);
            namespace(client, "vision");
            var manifest = dataDir.resolve("deployment.yaml");
            Files.writeString(manifest, deployment("nginx:1.25"));

            assertThat(kubectl(kubeconfig, "apply", "-f", manifest.toString()))
                    .isEqualTo("deployment.apps/web created\n");
            Files.writeString(manifest, deployment("nginx:1.27"));
            assertThat(kubectl(kubeconfig, "apply", "-f", manifest.toString()))
                    .isEqualTo("deployment.apps/web configured\n");

            assertThat(client.apps().deployments().inNamespace("vision").withName("web").get().getSpec()
                    .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        });
    }

    @Test
    void kubectlGetPrintsTheColumnsOfARealApiServer() {
        sandbox().run(context -> {
            var kubeconfig = context.getBean(SandboxCluster.class).kubeconfig();
            var client = context.getBean(KubernetesClient.class);
            namespace(client, "vision");
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a")
                    .addToLabels("node-role.kubernetes.io/worker", "").endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addNewAddress().withType("InternalIP").withAddress("10.0.0.7").endAddress()
                    .withNewNodeInfo().withKubeletVersion("v1.32.0").withOsImage("Sandbox Linux")
                    .withKernelVersion("6.1.0").withContainerRuntimeVersion("containerd://1.7.0").endNodeInfo()
                    .endStatus().build()).create();
            var running = pod("web-1");
            running.getSpec().setNodeName("node-a");
            running.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.1.0.5")
                    .addNewContainerStatus().withName("app").withReady(true).withRestartCount(2)
                    .withNewState().withNewRunning().endRunning().endState().endContainerStatus().build());
            client.pods().inNamespace("vision").resource(running).create();
            var manifest = dataDir.resolve("deployment.yaml");
            Files.writeString(manifest, deployment("nginx:1.25"));
            kubectl(kubeconfig, "apply", "-f", manifest.toString());

            var pods = kubectl(kubeconfig, "get", "pods", "-n", "vision", "-o", "wide").lines().toList();
            assertThat(pods.get(0)).matches(
                    "NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES");
            assertThat(pods.get(1)).matches("web-1 +1/1 +Running +2 +\\S+ +10\\.1\\.0\\.5 +node-a +<none> +<none>");

            var nodes = kubectl(kubeconfig, "get", "nodes", "-o", "wide").lines().toList();
            assertThat(nodes.get(0)).matches("NAME +STATUS +ROLES +AGE +VERSION +INTERNAL-IP +EXTERNAL-IP "
                    + "+OS-IMAGE +KERNEL-VERSION +CONTAINER-RUNTIME");
            assertThat(nodes.get(1)).matches("node-a +Ready +worker +\\S+ +v1\\.32\\.0 +10\\.0\\.0\\.7 +<none> "
                    + "+Sandbox Linux +6\\.1\\.0 +containerd://1\\.7\\.0");

            var deployments = kubectl(kubeconfig, "get", "deployments", "-n", "vision", "-o", "wide")
                    .lines().toList();
            assertThat(deployments.get(0)).matches(
                    "NAME +READY +UP-TO-DATE +AVAILABLE +AGE +CONTAINERS +IMAGES +SELECTOR");
            assertThat(deployments.get(1)).matches("web +0/2 +0 +0 +\\S+ +web +nginx:1\\.25 +app=web");

            // A single get, and -A adds the namespace from the row's object.
            assertThat(kubectl(kubeconfig, "get", "deployment", "web", "-n", "vision").lines().toList().get(0))
                    .matches("NAME +READY +UP-TO-DATE +AVAILABLE +AGE");
            assertThat(kubectl(kubeconfig, "get", "pods", "-A", "--show-labels").lines().toList())
                    .anySatisfy(line -> assertThat(line).matches("vision +web-1 +1/1 +Running +2 .*"));
        });
    }

    @Test
    void kubectlGetPrintsTheAdditionalPrinterColumnsOfACustomResource() {
        sandbox().run(context -> {
            var kubeconfig = context.getBean(SandboxCluster.class).kubeconfig();
            var client = context.getBean(KubernetesClient.class);
            namespace(client, "vision");
            var crd = dataDir.resolve("crd.yaml");
            Files.writeString(crd, """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata:
                      name: widgets.example.dev
                    spec:
                      group: example.dev
                      scope: Namespaced
                      names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
                      versions:
                      - name: v1
                        served: true
                        storage: true
                        schema:
                          openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
                        additionalPrinterColumns:
                        - {name: Model, type: string, jsonPath: .spec.model}
                        - {name: Phase, type: string, jsonPath: .status.index.phase}
                        - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                    """);
            kubectl(kubeconfig, "apply", "-f", crd.toString());
            var rag = dataDir.resolve("rag.yaml");
            Files.writeString(rag, """
                    apiVersion: example.dev/v1
                    kind: Widget
                    metadata: {name: docs, namespace: vision}
                    spec: {model: llama-3}
                    status: {index: {phase: Indexing}}
                    """);
            kubectl(kubeconfig, "apply", "-f", rag.toString());

            var rows = kubectl(kubeconfig, "get", "wdg", "-n", "vision").lines().toList();
            assertThat(rows.get(0)).matches("NAME +MODEL +PHASE +AGE");
            assertThat(rows.get(1)).matches("docs +llama-3 +Indexing +\\S+");
        });
    }

    private static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                .build()).create();
    }

    private static io.fabric8.kubernetes.api.model.Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("busybox").endContainer().endSpec().build();
    }

    private String kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString(), "--request-timeout=10s"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    private static String deployment(String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: vision
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: %s
                        ports:
                        - containerPort: 80
                """.formatted(image);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    static class Properties {
    }
}
