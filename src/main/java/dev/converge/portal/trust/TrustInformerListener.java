package dev.converge.portal.trust;

import java.util.Map;

import dev.converge.portal.deployments.DeploymentManifests;
import dev.converge.portal.live.InformerSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Informer events that change a scorecard's inputs → {@link TrustBoard#recompute}: a model Deployment (image,
 * replicas, pod template), one of its pods (restarts, readiness), and a build pod that just succeeded (it may
 * complete a deployment's provenance chain).
 */
@Component
class TrustInformerListener implements SmartInitializingSingleton {

    private static final String BUILD_KIND = "build";

    private final ObjectProvider<InformerSource> informers;
    private final TrustBoard board;

    TrustInformerListener(ObjectProvider<InformerSource> informers, TrustBoard board) {
        this.informers = informers;
        this.board = board;
    }

    @Override
    public void afterSingletonsInstantiated() {
        informers.ifAvailable(this::listenTo);
    }

    void listenTo(InformerSource source) {
        source.addListener(Deployment.class, handler(deployment -> DeploymentSubjects.isModel(deployment),
                deployment -> board.recompute(TrustSubject.DEPLOYMENT, deployment.getMetadata().getNamespace(),
                        deployment.getMetadata().getName())));
        source.addListener(Pod.class, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podChanged(null, pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                podChanged(before, after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                podChanged(null, pod);
            }
        });
    }

    private void podChanged(Pod before, Pod after) {
        var labels = after.getMetadata().getLabels() == null ? Map.<String, String>of()
                : after.getMetadata().getLabels();
        var namespace = after.getMetadata().getNamespace();
        if (BUILD_KIND.equals(labels.get(DeploymentManifests.KIND_LABEL))) {
            if (succeeded(after) && (before == null || !succeeded(before))) {
                board.recomputeNamespace(namespace);
            }
            return;
        }
        var name = labels.get(DeploymentManifests.NAME_LABEL);
        if ("model".equals(labels.get(DeploymentManifests.KIND_LABEL)) && name != null) {
            board.recompute(TrustSubject.DEPLOYMENT, namespace, name);
        }
    }

    private static boolean succeeded(Pod pod) {
        return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceEventHandler<T> handler(
            java.util.function.Predicate<T> follows, java.util.function.Consumer<T> changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                if (follows.test(object)) {
                    changed.accept(object);
                }
            }

            @Override
            public void onUpdate(T before, T after) {
                if (follows.test(after)) {
                    changed.accept(after);
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                if (follows.test(object)) {
                    changed.accept(object);
                }
            }
        };
    }
}
