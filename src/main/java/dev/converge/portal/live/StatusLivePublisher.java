package dev.converge.portal.live;

import java.util.List;
import java.util.Map;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Turns informer events of one kind into live events: {@code <kind>-row-<ns>-<name>} on every visible change, at
 * once, and {@code <kind>-counts-<ns>} (objects by status) at most once per coalescing window. Both are rendered from
 * the feature's fragments {@code <kind>-row} and {@code <kind>-counts} in its own template (e.g.
 * {@code deployments/live}). A feature extends this with its kind, its row and the statuses it counts.
 */
public abstract class StatusLivePublisher<T extends HasMetadata, R extends LiveRow>
        implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StatusLivePublisher.class);

    private final Class<T> type;
    private final LiveTopic topic;
    private final String kind;
    private final String template;
    private final ObjectProvider<InformerSource> informers;
    private final LiveEventPublisher events;
    private final LiveFragments fragments;
    private final StatusTracker statuses;
    private final Coalescer counts;
    /** The row last published per object, so a {@link #refresh} that changes nothing publishes nothing. */
    private final Map<String, R> lastRows = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param kind     names the events and fragments: {@code <kind>-row}, {@code <kind>-counts}
     * @param template the feature's template holding those fragments, e.g. {@code "deployments/live"}
     * @param statuses every status a row can have, in the order the counts show them
     */
    protected StatusLivePublisher(Class<T> type, LiveTopic topic, String kind, String template,
                                  List<String> statuses, ObjectProvider<InformerSource> informers,
                                  LiveEventPublisher events, LiveFragments fragments, LiveScheduler scheduler,
                                  PortalProperties properties) {
        this.type = type;
        this.topic = topic;
        this.kind = kind;
        this.template = template;
        this.informers = informers;
        this.events = events;
        this.fragments = fragments;
        this.statuses = new StatusTracker(statuses);
        this.counts = new Coalescer(scheduler, properties.sse().coalesce(), this::publishCounts);
    }

    /** Whether an object of the kind is one this publisher follows (e.g. only build pods among all pods). */
    protected abstract boolean follows(T object);

    protected abstract R row(T object);

    /** The row a deleted object leaves behind: shown deleted, no longer counted. */
    protected abstract R deleted(R row);

    @Override
    public void afterSingletonsInstantiated() {
        informers.ifAvailable(this::listenTo);
        if (informers.getIfAvailable() == null) {
            log.info("No Kubernetes informers: live {} updates are off", kind);
        }
    }

    public void listenTo(InformerSource source) {
        source.addListener(type, new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                if (follows(object)) {
                    changed(null, row(object));
                }
            }

            @Override
            public void onUpdate(T before, T after) {
                if (follows(after)) {
                    changed(follows(before) ? row(before) : null, row(after));
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                if (follows(object)) {
                    var row = deleted(row(object));
                    statuses.remove(row.namespace(), row.name());
                    publishRow(row);
                    published(lastRows.remove(key(row)), row);
                    counts.request();
                }
            }
        });
    }

    /** Objects of a namespace by status, for the first render of a page that then follows the stream. */
    public StatusCounts countsIn(String namespace) {
        return statuses.counts(namespace);
    }

    /**
     * The row of an object may have changed though the object did not (it depends on other objects, e.g. a
     * deployment's pods): publishes it when it differs from the one last published.
     */
    protected void refresh(T object) {
        if (follows(object)) {
            var row = row(object);
            if (!row.equals(lastRows.get(key(row)))) {
                changed(null, row);
            }
        }
    }

    /** Called after each row is published, with the row published before it for that object (null: none). */
    protected void published(R previous, R row) {
    }

    private void changed(R before, R after) {
        if (after.equals(before) && after.equals(lastRows.get(key(after)))) {
            return;
        }
        statuses.put(after.namespace(), after.name(), after.status());
        publishRow(after);
        published(lastRows.put(key(after), after), after);
        counts.request();
    }

    private void publishRow(R row) {
        var html = fragments.render(template, kind + "-row", Map.of("row", row));
        events.publish(LiveEvent.inNamespace(topic, row.namespace(), row.eventName(), html, row.data()));
    }

    private static String key(LiveRow row) {
        return row.namespace() + "/" + row.name();
    }

    private void publishCounts() {
        for (var changed : statuses.takeChanged()) {
            var html = fragments.render(template, kind + "-counts", Map.of("counts", changed));
            events.publish(LiveEvent.inNamespace(topic, changed.namespace(), kind + "-counts-" + changed.namespace(),
                    html, Map.of("namespace", changed.namespace(), "counts", changed.byStatus())));
        }
    }
}
