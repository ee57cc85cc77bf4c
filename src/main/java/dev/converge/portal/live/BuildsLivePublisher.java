package dev.converge.portal.live;

import java.util.Map;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Build pod changes ({@code converge.dev/kind=build}) → {@code build-row-<ns>-<name>} on every phase change and
 * {@code build-counts-<ns>} (builds by phase, at most once per coalescing window).
 */
@Component
public class BuildsLivePublisher implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BuildsLivePublisher.class);

    private final ObjectProvider<InformerSource> informers;
    private final LiveEventPublisher events;
    private final LiveFragments fragments;
    private final StatusTracker phases = new StatusTracker(BuildRow.PHASES);
    private final Coalescer counts;

    public BuildsLivePublisher(ObjectProvider<InformerSource> informers, LiveEventPublisher events,
                               LiveFragments fragments, LiveScheduler scheduler, PortalProperties properties) {
        this.informers = informers;
        this.events = events;
        this.fragments = fragments;
        this.counts = new Coalescer(scheduler, properties.sse().coalesce(), this::publishCounts);
    }

    @Override
    public void afterSingletonsInstantiated() {
        informers.ifAvailable(this::listenTo);
        if (informers.getIfAvailable() == null) {
            log.info("No Kubernetes informers: live build updates are off");
        }
    }

    public void listenTo(InformerSource source) {
        source.addListener(Pod.class, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (BuildRow.isBuild(pod)) {
                    changed(null, BuildRow.of(pod));
                }
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (BuildRow.isBuild(after)) {
                    changed(BuildRow.isBuild(before) ? BuildRow.of(before) : null, BuildRow.of(after));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                if (BuildRow.isBuild(pod)) {
                    var row = BuildRow.of(pod).asDeleted();
                    phases.remove(row.namespace(), row.name());
                    publishRow(row);
                    counts.request();
                }
            }
        });
    }

    /** Builds of a namespace by phase, for the first render of a page that then follows the stream. */
    public StatusCounts countsIn(String namespace) {
        return phases.counts(namespace);
    }

    private void changed(BuildRow before, BuildRow after) {
        if (after.equals(before)) {
            return;
        }
        phases.put(after.namespace(), after.name(), after.phase());
        publishRow(after);
        counts.request();
    }

    private void publishRow(BuildRow row) {
        var html = fragments.render("live/fragments", "build-row", Map.of("row", row));
        events.publish(LiveEvent.inNamespace(LiveTopic.BUILDS, row.namespace(), row.eventName(), html, row.data()));
    }

    private void publishCounts() {
        for (var changed : phases.takeChanged()) {
            var html = fragments.render("live/fragments", "build-counts", Map.of("counts", changed));
            events.publish(LiveEvent.inNamespace(LiveTopic.BUILDS, changed.namespace(),
                    "build-counts-" + changed.namespace(), html,
                    Map.of("namespace", changed.namespace(), "counts", changed.byStatus())));
        }
    }
}
