package dev.converge.portal.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterModeResolver;
import dev.converge.portal.platform.kubernetes.KubernetesClientConfiguration;
import dev.converge.portal.sandbox.SandboxConfiguration;
import dev.converge.portal.sandbox.kubernetes.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The RagModel CRD as the build generates it, and as the sandbox serves it to the portal and to kubectl. */
class RagModelCrdTests {

    private static final Path CHART_CRD = Path.of("helm/converge-portal/crds/ragmodels.converge.dev-v1.yml");
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    private final Path dataDir = Path.of("target", "test-data", "rag-crd-" + UUID.randomUUID()).toAbsolutePath();

    private ApplicationContextRunner sandbox() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, ClusterModeResolver.class, SandboxConfiguration.class,
                        KubernetesClientConfiguration.class)
                .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir);
    }

    @Test
    void theBuildGeneratesTheCrdWithValidationStatusAndPrinterColumns() throws IOException {
        var crd = Serialization.unmarshal(Files.readString(CHART_CRD), CustomResourceDefinition.class);

        assertThat(crd.getMetadata().getName()).isEqualTo("ragmodels.converge.dev");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("ragm");
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("converge");
        var version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        // in the order the class declares them, not the generator's (by JSON path): see PrinterColumnOrder
        assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .containsExactly("Phase", "Base model", "Documents", "Chunks", "Endpoint", "Age");
        var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getRequired()).containsExactly("baseModel");
        var topK = spec.getProperties().get("retrieval").getProperties().get("topK");
        assertThat(topK.getMinimum()).isEqualTo(1.0);
        assertThat(topK.getMaximum()).isEqualTo(50.0);
        assertThat(topK.getDefault().asInt()).isEqualTo(4);
        var chunkSize = spec.getProperties().get("retrieval").getProperties().get("chunkSize");
        assertThat(chunkSize.getMinimum()).isEqualTo(200.0);
        assertThat(chunkSize.getMaximum()).isEqualTo(8000.0);
        var phase = version.getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties()
                .get("phase");
        assertThat(phase.getEnum()).extracting(Object::toString)
                .contains("\"Pending\"", "\"Indexing\"", "\"Ready\"", "\"Degraded\"", "\"Failed\"");
    }

    @Test
    void theSandboxInstallsTheCrdAtStartAndKubectlPrintsTheColumns() {
        sandbox().run(context -> {
            var client = context.getBean(KubernetesClient.class);
            assertThat(client.apiextensions().v1().customResourceDefinitions().withName(RagModel.CRD_NAME).get())
                    .isNotNull();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("vision").endMetadata()
                    .build()).create();
            var model = RagManifestsTests.model("docs");
            model.getMetadata().setUid(null);
            model.setMetadata(new ObjectMetaBuilder().withNamespace("vision").withName("docs").build());
            var created = client.resources(RagModel.class).inNamespace("vision").resource(model).create();
            var status = new RagModelStatus();
            status.phase = RagModelStatus.Phase.Ready;
            status.baseModel = "llama";
            status.indexedDocuments = 3;
            status.chunks = 17;
            status.endpoint = "http://rag-docs.vision.svc.cluster.local:8080";
            created.setStatus(status);
            client.resources(RagModel.class).inNamespace("vision").resource(created).updateStatus();
            assertThat(client.resources(RagModel.class).inNamespace("vision").withName("docs").get().getStatus()
                    .chunks).isEqualTo(17);

            assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL + ": skipping");
            var kubeconfig = context.getBean(SandboxCluster.class).kubeconfig();
            var rows = kubectl(kubeconfig, "get", "ragm", "-n", "vision").lines().toList();
            assertThat(rows.get(0).trim().split("\\s{2,}"))
                    .containsExactly("NAME", "PHASE", "BASE MODEL", "DOCUMENTS", "CHUNKS", "ENDPOINT", "AGE");
            assertThat(rows.get(1).split("\\s+")).startsWith("docs", "Ready", "llama", "3", "17",
                    "http://rag-docs.vision.svc.cluster.local:8080");
            assertThat(kubectl(kubeconfig, "get", "converge", "-n", "vision")).contains("docs");
        });
    }

    private String kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dataDir.resolve("kubectl-cache").toString(), "--request-timeout=10s"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    static class Properties {
    }
}
