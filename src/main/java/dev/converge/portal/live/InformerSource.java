package dev.converge.portal.live;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/**
 * Where the live publishers listen for Kubernetes changes: the portal's shared informers. The informer caches
 * provide it ({@code caches::addListener}); tests register on informers of a mock API server.
 */
@FunctionalInterface
public interface InformerSource {

    <T extends HasMetadata> void addListener(Class<T> type, ResourceEventHandler<T> handler);
}
