package dev.converge.portal.sandbox.kubernetes.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events the way the kube-scheduler, kubelet and controllers do: a repeat of the same reason and
 * message on the same object bumps {@code count} and {@code lastTimestamp} instead of adding a new event.
 */
final class EventRecorder {

    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    private static final int REMEMBERED = 10_000;

    private final ApiWriter writer;
    private final Clock clock;
    /** Recent events by (object uid, reason, message), oldest first, so repeats are folded into one. */
    private final Map<String, Event> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > REMEMBERED;
        }
    };

    EventRecorder(ApiWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    void normal(HasMetadata object, String component, String reason, String message) {
        record(object, component, null, NORMAL, reason, message);
    }

    void normal(HasMetadata object, String component, String host, String reason, String message) {
        record(object, component, host, NORMAL, reason, message);
    }

    void warning(HasMetadata object, String component, String reason, String message) {
        record(object, component, null, WARNING, reason, message);
    }

    private void record(HasMetadata object, String component, String host, String type, String reason, String message) {
        var now = Instant.now(clock).toString();
        var key = object.getMetadata().getUid() + '|' + reason + '|' + message;
        try {
            var previous = recent.get(key);
            if (previous != null) {
                var updated = writer.update(null, previous, event -> {
                    event.setCount(event.getCount() == null ? 2 : event.getCount() + 1);
                    event.setLastTimestamp(now);
                    return event;
                }, false);
                if (updated != null) {
                    recent.put(key, updated);
                    return;
                }
            }
            var namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
            var event = new EventBuilder()
                    .withNewMetadata()
                        .withNamespace(namespace)
                        .withName(object.getMetadata().getName() + "." + Long.toHexString(
                                ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(object.getApiVersion())
                            .withKind(object.getKind())
                            .withNamespace(object.getMetadata().getNamespace())
                            .withName(object.getMetadata().getName())
                            .withUid(object.getMetadata().getUid())
                            .withResourceVersion(object.getMetadata().getResourceVersion())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message)
                    .withCount(1)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withNewSource(component, host)
                    .withReportingComponent(component)
                    .withReportingInstance(host == null ? component : host)
                    .build();
            recent.put(key, writer.create(null, event));
        } catch (RuntimeException e) {
            log.debug("Sandbox simulation could not record event {} on {}: {}", reason, key, e.getMessage());
        }
    }
}
