package dev.converge.portal.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.converge.portal.PortalApplication;
import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.LiveFixtures;
import dev.converge.portal.platform.kubernetes.ClusterModeResolver;
import dev.converge.portal.platform.kubernetes.KubernetesClientConfiguration;
import dev.converge.portal.platform.kubernetes.LeaderElection;
import dev.converge.portal.sandbox.SandboxConfiguration;
import dev.converge.portal.sandbox.kubernetes.SandboxCluster;
import dev.converge.portal.shared.postgres.EmbeddedPostgresServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Two full portals on one PostgreSQL database and one Kubernetes API server (the sandbox's, run beside them as the
 * cluster): only the replica holding the leader Lease reconciles RagModels, and stopping it hands the work to the other
 * within the lease duration (short here, set by properties).
 */
class RagLeaderAcrossPortalsIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final String LEASE_NAME = "converge-portal-leader";

    private final Path dataDir = Path.of("target", "test-data", "leaders-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void onlyTheLeaderReconcilesAndStoppingItHandsOverWithinTheLease() {
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, ClusterModeResolver.class, SandboxConfiguration.class,
                        KubernetesClientConfiguration.class)
                .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir.resolve("cluster"))
                .run(cluster -> {
                    var client = cluster.getBean(KubernetesClient.class);
                    prepare(client);
                    var database = EmbeddedPostgresServer.newDatabaseUrl();
                    var kubeconfig = cluster.getBean(SandboxCluster.class).kubeconfig();
                    var portals = new ArrayList<ConfigurableApplicationContext>();
                    try {
                        portals.add(portal("portal-a", database, kubeconfig));
                        portals.add(portal("portal-b", database, kubeconfig));

                        var leader = await().atMost(Duration.ofSeconds(20))
                                .until(() -> leaderOf(portals), found -> found != null);
                        var follower = portals.get(1 - portals.indexOf(leader));
                        assertThat(holder(client)).isEqualTo(identity(leader));
                        createRagModel(client, "first");
                        await().atMost(Duration.ofSeconds(20)).until(() -> runtimeOf(client, "first") != null
                                && statusWritten(client, "first"));
                        // while it leads, the leader alone reconciles: the other replica runs no reconciler at all
                        assertThat(reconciler(leader).reconciling()).isTrue();
                        assertThat(reconciler(follower).reconciling()).isFalse();
                        assertThat(follower.getBean(LeaderElection.class).isLeader()).isFalse();

                        long stoppedAt = System.nanoTime();
                        leader.close();
                        portals.remove(leader);
                        await().atMost(LEASE.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                                .until(() -> reconciler(follower).reconciling());
                        var handedOverIn = Duration.ofNanos(System.nanoTime() - stoppedAt);
                        assertThat(handedOverIn).as("hand-over time").isLessThanOrEqualTo(LEASE.plusSeconds(2));
                        assertThat(holder(client)).isEqualTo(identity(follower));

                        createRagModel(client, "second");
                        await().atMost(Duration.ofSeconds(20)).until(() -> runtimeOf(client, "second") != null
                                && statusWritten(client, "second"));
                    }
                    finally {
                        portals.forEach(ConfigurableApplicationContext::close);
                    }
                });
    }

    private static void prepare(KubernetesClient client) {
        LiveFixtures.createTeamNamespaces(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("portal").endMetadata()
                .build()).createOr(existing -> existing.update());
        client.apps().deployments().inNamespace("vision").resource(new DeploymentBuilder().withNewMetadata()
                .withName("llama").endMetadata().withNewSpec().withReplicas(0).withNewSelector()
                .addToMatchLabels("app", "llama").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "llama").endMetadata().withNewSpec().addNewContainer().withName("server")
                .withImage("vllm:latest").addNewPort().withContainerPort(8000).endPort().endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
    }

    private static void createRagModel(KubernetesClient client, String name) {
        var model = new RagModel();
        model.getMetadata().setName(name);
        model.getMetadata().setNamespace("vision");
        model.setSpec(new RagModelSpec());
        model.getSpec().baseModel = new RagModelSpec.BaseModel();
        model.getSpec().baseModel.deployment = "llama";
        client.resources(RagModel.class).inNamespace("vision").resource(model).create();
    }

    private static Deployment runtimeOf(KubernetesClient client, String name) {
        return client.apps().deployments().inNamespace("vision").withName(RagManifests.workloadName(name)).get();
    }

    private static boolean statusWritten(KubernetesClient client, String name) {
        var model = client.resources(RagModel.class).inNamespace("vision").withName(name).get();
        return model != null && model.getStatus() != null;
    }

    private static String holder(KubernetesClient client) {
        var lease = client.resources(Lease.class).inNamespace("portal").withName(LEASE_NAME).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static ConfigurableApplicationContext leaderOf(List<ConfigurableApplicationContext> portals) {
        var leaders = portals.stream().filter(portal -> portal.getBean(LeaderElection.class).isLeader()).toList();
        assertThat(leaders).as("replicas leading at once").hasSizeLessThanOrEqualTo(1);
        return leaders.isEmpty() ? null : leaders.get(0);
    }

    private static String identity(ConfigurableApplicationContext portal) {
        return portal.getBean(LeaderElection.class).identity();
    }

    private static RagReconciler reconciler(ConfigurableApplicationContext portal) {
        return portal.getBean(RagReconciler.class);
    }

    /**
     * A portal replica in cluster mode against the sandbox API server (through its kubeconfig, which fabric8 reads
     * from the {@code kubeconfig} system property while the client is made), on the shared database.
     */
    private ConfigurableApplicationContext portal(String identity, String database, Path kubeconfig) {
        var before = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", kubeconfig.toString());
        try {
            return new SpringApplicationBuilder(PortalApplication.class).run(
                    "--server.port=0",
                    "--portal.data-dir=" + dataDir.resolve(identity),
                    "--portal.kubernetes.mode=cluster",
                    "--portal.kubernetes.leader-election.identity=" + identity,
                    "--portal.kubernetes.leader-election.namespace=portal",
                    "--portal.kubernetes.leader-election.lease-duration=" + LEASE.toMillis() + "ms",
                    "--portal.kubernetes.leader-election.renew-deadline=2s",
                    "--portal.kubernetes.leader-election.retry-period=300ms",
                    "--portal.rag.resync-period=1s",
                    // object storage is not used here, but cluster mode wants one configured
                    "--portal.storage.endpoint=http://127.0.0.1:9",
                    "--portal.storage.access-key=unused",
                    "--portal.storage.secret-key=unused",
                    "--spring.datasource.url=" + database,
                    "--spring.datasource.username=" + EmbeddedPostgresServer.username(),
                    "--spring.datasource.password=");
        }
        finally {
            if (before == null) {
                System.clearProperty("kubeconfig");
            }
            else {
                System.setProperty("kubeconfig", before);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    static class Properties {
    }
}
