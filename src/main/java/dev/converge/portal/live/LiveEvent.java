package dev.converge.portal.live;

import java.util.Map;
import java.util.Objects;

/**
 * One update for live pages. {@code name} is the swap target ({@code deployment-row-<ns>-<name>}); {@code html} is
 * the fragment already rendered once for every subscriber; {@code data} is the same content for JSON clients.
 * {@code namespace} decides who may see it; {@code null} means every signed-in user.
 */
public record LiveEvent(LiveTopic topic, String namespace, String name, String html, Map<String, Object> data) {

    public LiveEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(html, "html");
        data = data == null ? Map.of() : Map.copyOf(data);
        if (name.isBlank() || name.contains("\n") || name.contains("\r")) {
            throw new IllegalArgumentException("event name must be one non-blank line: " + name);
        }
    }

    public static LiveEvent global(LiveTopic topic, String name, String html, Map<String, Object> data) {
        return new LiveEvent(topic, null, name, html, data);
    }

    public static LiveEvent inNamespace(LiveTopic topic, String namespace, String name, String html,
                                        Map<String, Object> data) {
        return new LiveEvent(topic, Objects.requireNonNull(namespace, "namespace"), name, html, data);
    }
}
