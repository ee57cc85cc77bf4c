package dev.converge.portal.rag;

import java.util.function.Consumer;

import dev.converge.portal.live.InformerSource;
import dev.converge.portal.trust.TrustBoard;
import dev.converge.portal.trust.TrustSubject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Informer events that change a RAG model's scorecard → {@link TrustBoard#recompute}: the RagModel itself (its
 * status: phase, indexed and failed documents), its runtime Deployment (image, replicas, pod spec) and the runtime's
 * pods (readiness, restarts), which carry the RagModel's name in a label.
 */
@Component
class RagTrustListener implements SmartInitializingSingleton {

    private final ObjectProvider<InformerSource> informers;
    private final ObjectProvider<TrustBoard> board;
    private final RagCrdPresence crd;

    RagTrustListener(ObjectProvider<InformerSource> informers, ObjectProvider<TrustBoard> board,
                     RagCrdPresence crd) {
        this.informers = informers;
        this.board = board;
        this.crd = crd;
    }

    @Override
    public void afterSingletonsInstantiated() {
        informers.ifAvailable(this::listenTo);
    }

    void listenTo(InformerSource source) {
        // RagModels are watched once their CRD is installed, as the RAG list's live publisher does
        crd.whenInstalled(() -> source.addListener(RagModel.class, on(model ->
                changed(model.getMetadata().getNamespace(), model.getMetadata().getName()))));
        source.addListener(Deployment.class, on(this::runtimeChanged));
        source.addListener(Pod.class, on(this::runtimeChanged));
    }

    private void runtimeChanged(HasMetadata object) {
        var labels = object.getMetadata().getLabels();
        if (labels != null && RagManifests.KIND.equals(labels.get(RagManifests.KIND_LABEL))
                && labels.get(RagManifests.MODEL_LABEL) != null) {
            changed(object.getMetadata().getNamespace(), labels.get(RagManifests.MODEL_LABEL));
        }
    }

    private void changed(String namespace, String name) {
        board.ifAvailable(trust -> trust.recompute(TrustSubject.RAG, namespace, name));
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> on(Consumer<T> changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                changed.accept(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                changed.accept(object);
            }
        };
    }
}
