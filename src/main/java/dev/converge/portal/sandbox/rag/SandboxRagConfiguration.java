package dev.converge.portal.sandbox.rag;

import java.time.Clock;
import java.util.Optional;
import java.util.stream.Stream;

import dev.converge.portal.platform.kubernetes.ClusterMode;
import dev.converge.portal.rag.RuntimeContract;
import dev.converge.portal.platform.kubernetes.ServiceProxy;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.platform.storage.StorageEndpoint;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-process RAG runtimes exist only in sandbox mode (in cluster mode the factory returns {@code null}, which
 * Spring keeps as "no such bean"); the sandbox API server's service proxy finds them as a {@code SandboxPodServer}.
 */
@Configuration(proxyBeanMethods = false)
class SandboxRagConfiguration {

    @Bean(destroyMethod = "close")
    SandboxRagServer sandboxRagServer(ClusterMode mode, ArtifactStore store, StorageEndpoint storage,
                                      ServiceProxy proxy, KubernetesCaches caches, Clock clock) {
        if (!mode.isSandbox()) {
            return null;
        }
        var documentsBucket = store.bucketName(Bucket.DOCUMENTS);
        var server = new SandboxRagServer(bucket -> bucket.equals(documentsBucket) ? store
                : otherBucket(storage, bucket, clock), new ClusterUrls(proxy), clock);
        caches.addListener(Deployment.class, new ResourceEventHandler<Deployment>() {
            @Override
            public void onAdd(Deployment deployment) {
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                ragModel(deployment).ifPresent(name -> server.forget(deployment.getMetadata().getNamespace(), name));
            }
        });
        return server;
    }

    /** The RagModel a runtime Deployment serves, from its container's env; empty for any other Deployment. */
    static Optional<String> ragModel(Deployment deployment) {
        var template = deployment.getSpec() == null || deployment.getSpec().getTemplate() == null ? null
                : deployment.getSpec().getTemplate().getSpec();
        if (template == null || template.getContainers() == null) {
            return Optional.empty();
        }
        return template.getContainers().stream()
                .flatMap(container -> container.getEnv() == null ? Stream.empty() : container.getEnv().stream())
                .filter(env -> RuntimeContract.ENV_NAME.equals(env.getName()) && env.getValue() != null)
                .map(EnvVar::getValue).findFirst();
    }

    /** A RagModel that names another bucket of the same object storage (the embedded S3 in the sandbox). */
    private static ArtifactStore otherBucket(StorageEndpoint storage, String bucket, Clock clock) {
        var embedded = storage.embeddedServer().orElseThrow(() -> new IllegalStateException(
                "the bucket " + bucket + " is not the portal's documents bucket"));
        return ArtifactStore.forDocuments(embedded.endpoint().toString(), embedded.accessKey(),
                embedded.secretKey(), storage.region(), bucket, clock);
    }
}
