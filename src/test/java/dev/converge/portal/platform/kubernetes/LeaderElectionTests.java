package dev.converge.portal.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.sandbox.SandboxConfiguration;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Two replicas stand for the Lease on the sandbox API server: one leads, and the other takes over when it stops. */
class LeaderElectionTests {

    private final Path dataDir = Path.of("target", "test-data", "leader-" + UUID.randomUUID()).toAbsolutePath();

    private static LeaderElectionProperties settings(String identity) {
        return new LeaderElectionProperties(true, "converge-portal-leader", "portal", identity,
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));
    }

    @Test
    void oneReplicaLeadsAndAnotherTakesOverWhenItStops() {
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, ClusterModeResolver.class, SandboxConfiguration.class,
                        KubernetesClientConfiguration.class)
                .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir)
                .run(context -> {
                    var client = context.getBean(KubernetesClient.class);
                    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("portal")
                            .endMetadata().build()).create();
                    var first = new LeaderElection(client, settings("replica-a"));
                    var second = new LeaderElection(client, settings("replica-b"));
                    var led = new AtomicInteger();
                    var listener = new LeaderElection.Listener() {
                        @Override
                        public void startedLeading() {
                            led.incrementAndGet();
                        }

                        @Override
                        public void stoppedLeading() {
                        }
                    };
                    first.addListener(listener);
                    second.addListener(listener);
                    first.start();
                    await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
                    second.start();
                    // the second replica stays a follower while the first renews (several retry periods)
                    await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                            .until(() -> !second.isLeader());
                    var lease = client.resources(Lease.class).inNamespace("portal")
                            .withName("converge-portal-leader").get();
                    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");

                    first.stop();
                    await().atMost(Duration.ofSeconds(15)).until(second::isLeader);
                    assertThat(first.isLeader()).isFalse();
                    await().atMost(Duration.ofSeconds(5)).until(() -> led.get() == 2);
                    assertThat(client.resources(Lease.class).inNamespace("portal")
                            .withName("converge-portal-leader").get().getSpec().getHolderIdentity())
                            .isEqualTo("replica-b");
                    second.stop();
                });
    }

    /**
     * A leader that dies (a killed pod) never releases its Lease: the next replica takes over once the lease duration
     * passed without a renewal, not before.
     */
    @Test
    void aLeaderThatDiesWithoutReleasingIsReplacedWithinTheLeaseDuration() {
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, ClusterModeResolver.class, SandboxConfiguration.class,
                        KubernetesClientConfiguration.class)
                .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir)
                .run(context -> {
                    var client = context.getBean(KubernetesClient.class);
                    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("portal")
                            .endMetadata().build()).create();
                    // the dead replica's last renewal, just now, for a 3 s lease; nobody renews it again
                    var now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
                    client.resources(Lease.class).inNamespace("portal").resource(
                            new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder().withNewMetadata()
                                    .withName("converge-portal-leader").endMetadata().withNewSpec()
                                    .withHolderIdentity("replica-killed").withLeaseDurationSeconds(3)
                                    .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec()
                                    .build()).create();
                    long start = System.nanoTime();
                    var survivor = new LeaderElection(client, settings("replica-b"));
                    survivor.start();
                    await().atMost(Duration.ofSeconds(10)).until(survivor::isLeader);
                    var waited = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(waited).as("not before the dead leader's lease ran out")
                            .isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
                    assertThat(waited).as("within the lease duration plus a few retry periods")
                            .isLessThan(Duration.ofSeconds(6));
                    assertThat(client.resources(Lease.class).inNamespace("portal")
                            .withName("converge-portal-leader").get().getSpec().getHolderIdentity())
                            .isEqualTo("replica-b");
                    survivor.stop();
                });
    }

    @Test
    void withElectionOffTheReplicaLeadsAtOnce() {
        var off = new LeaderElection(null, new LeaderElectionProperties(false, "x", null, "solo",
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)));
        off.start();
        assertThat(off.isLeader()).isTrue();
        off.stop();
        assertThat(off.isLeader()).isFalse();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    static class Properties {
    }
}
