package dev.converge.portal.rag;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.Coalescer;
import dev.converge.portal.live.InformerSource;
import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveEventPublisher;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.live.StatusLivePublisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * RagModel changes on the topic {@code rag} → {@code rag-row-<ns>-<name>} (each visible change of a row, at once:
 * phase, why it does not answer, what is indexed), {@code rag-counts-<ns>} (models by phase) and
 * {@value #LIST_CHANGED} (a model of the namespace came, went or its row changed: the list page fetches its results
 * again, keeping its filter, so its document and chunk counts follow too), the last two at most once per coalescing
 * window, from the fragments in {@code rag/live}. Unlike a deployment's, a RagModel's status changes a few times in
 * its life (the reconciler writes it only when it differs), so a list fetch per change is no load. Listens once the
 * RagModel CRD is installed.
 */
@Component
public class RagLivePublisher extends StatusLivePublisher<RagModel, RagModelRow> {

    /** One name for every namespace: the stream sends it only to readers of the event's namespace. */
    public static final String LIST_CHANGED = "rag-changed";

    private final ObjectProvider<InformerSource> informers;
    private final RagCrdPresence crd;
    private final LiveEventPublisher events;
    private final LiveScheduler scheduler;
    private final PortalProperties properties;
    private final Map<String, Coalescer> listChanged = new ConcurrentHashMap<>();

    RagLivePublisher(ObjectProvider<InformerSource> informers, LiveEventPublisher events, LiveFragments fragments,
                     LiveScheduler scheduler, PortalProperties properties, RagCrdPresence crd) {
        super(RagModel.class, LiveTopic.RAG, "rag", "rag/live",
                Arrays.stream(RagModelStatus.Phase.values()).map(Enum::name).toList(), informers, events, fragments,
                scheduler, properties);
        this.informers = informers;
        this.crd = crd;
        this.events = events;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    /** RagModels are cached only once their CRD is installed: listen from then on. */
    @Override
    public void afterSingletonsInstantiated() {
        informers.ifAvailable(source -> crd.whenInstalled(() -> listenTo(source)));
    }

    @Override
    protected boolean follows(RagModel model) {
        return true;
    }

    @Override
    protected RagModelRow row(RagModel model) {
        return RagModelViews.row(model);
    }

    @Override
    protected RagModelRow deleted(RagModelRow row) {
        return row.asDeleted();
    }

    @Override
    protected void published(RagModelRow previous, RagModelRow row) {
        if (!row.equals(previous)) {
            listChanged.computeIfAbsent(row.namespace(), namespace -> new Coalescer(scheduler,
                    properties.sse().coalesce(), () -> events.publish(LiveEvent.inNamespace(LiveTopic.RAG,
                            namespace, LIST_CHANGED, namespace, Map.of("namespace", namespace))))).request();
        }
    }
}
