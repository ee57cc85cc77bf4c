package dev.converge.portal.sandbox.kubernetes.simulator;

import java.net.HttpURLConnection;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes through the API like a real controller: plain create, update carrying the resource version, status through
 * the status subresource. A conflict (someone else wrote in between) is resolved once by re-reading and re-applying
 * the change, which is what the simulated controllers would otherwise do on their next pass.
 */
final class ApiWriter {

    private final KubernetesClient client;

    ApiWriter(KubernetesClient client) {
        this.client = client;
    }

    <T extends HasMetadata> T create(ObjectView<T> view, T object) {
        try {
            var created = client.resource(object).create();
            if (view != null) {
                view.wrote(created);
            }
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return client.resource(object).get();
            }
            throw e;
        }
    }

    /** Applies {@code change} to a copy of {@code current} and writes it; null when the object is gone. */
    <T extends HasMetadata> T update(ObjectView<T> view, T current, UnaryOperator<T> change, boolean statusOnly) {
        var desired = change.apply(client.getKubernetesSerialization().clone(current));
        try {
            return remember(view, write(desired, statusOnly));
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return null;
            }
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        var fresh = client.resource(current).get();
        if (fresh == null) {
            return null;
        }
        return remember(view, write(change.apply(fresh), statusOnly));
    }

    <T extends HasMetadata> void delete(ObjectView<T> view, T object) {
        client.resource(object).delete();
        if (view != null) {
            view.deletedByUs(Pods.key(object));
        }
    }

    private <T extends HasMetadata> T write(T desired, boolean statusOnly) {
        var resource = client.resource(desired);
        return statusOnly ? resource.updateStatus() : resource.update();
    }

    private static <T extends HasMetadata> T remember(ObjectView<T> view, T written) {
        if (view != null && written != null) {
            view.wrote(written);
        }
        return written;
    }
}
