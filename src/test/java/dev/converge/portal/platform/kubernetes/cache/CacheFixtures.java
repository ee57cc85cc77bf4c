package dev.converge.portal.platform.kubernetes.cache;

import java.time.Instant;
import java.util.Map;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Objects and settings for the cache tests ("object mother"): two teams, vision and language. */
final class CacheFixtures {

    private CacheFixtures() {
    }

    /** The portal's settings as Spring would bind them, with two teams and the given overrides. */
    static PortalProperties properties(Map<String, String> overrides) {
        var source = new java.util.HashMap<String, String>();
        source.put("portal.teams[0].name", "vision");
        source.put("portal.teams[1].name", "language");
        source.putAll(overrides);
        return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("portal", PortalProperties.class);
    }

    static KubernetesCaches caches(KubernetesClient client, Map<String, String> overrides) {
        var properties = properties(overrides);
        return new KubernetesCaches(client, properties, new TeamDirectory(properties));
    }

    static Deployment deployment(String namespace, String name, Map<String, String> labels) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels)
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app.kubernetes.io/name", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("registry.local/" + name + ":1")
                .endContainer().endSpec().endTemplate()
                .endSpec()
                .build();
    }

    static Deployment model(String team, String name) {
        return deployment(team, name, Map.of(
                "app.kubernetes.io/managed-by", "converge-portal",
                "app.kubernetes.io/name", name,
                "converge.dev/team", team,
                "converge.dev/kind", "model"));
    }

    static Pod pod(String namespace, String name, String node, String ownerUid) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name)
                .withLabels(Map.of("converge.dev/kind", "model"))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs")
                .withUid(ownerUid).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewContainer().withName("server").withImage("registry.local/server:1").endContainer()
                .endSpec()
                .build();
    }

    static Node node(String name, String zone) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("topology.kubernetes.io/zone", zone)).endMetadata().build();
    }
}
