package dev.converge.portal.live;

import java.util.ArrayList;
import java.util.List;

/** Parses raw SSE text the way EventSource does, for assertions. */
public final class SseFrames {

    public record Received(String id, String name, String data) {
    }

    private final StringBuilder pending = new StringBuilder();
    private final List<Received> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private String lastId;

    /** Feeds one line (without its line break). */
    public synchronized void line(String line) {
        if (!line.isEmpty()) {
            pending.append(line).append('\n');
            return;
        }
        String id = null;
        String name = "message";
        var data = new StringBuilder();
        boolean hasData = false;
        for (var field : pending.toString().split("\n")) {
            if (field.startsWith(":")) {
                comments.add(field.substring(1).trim());
                continue;
            }
            var colon = field.indexOf(':');
            var key = colon < 0 ? field : field.substring(0, colon);
            var value = colon < 0 ? "" : field.substring(colon + 1).replaceFirst("^ ", "");
            switch (key) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(value);
                    hasData = true;
                }
                default -> { }
            }
        }
        pending.setLength(0);
        if (id != null) {
            lastId = id;
        }
        if (hasData) {
            events.add(new Received(id, name, data.toString()));
        }
    }

    public synchronized void text(String text) {
        for (var line : text.split("\n", -1)) {
            line(line);
        }
    }

    public synchronized List<Received> events() {
        return List.copyOf(events);
    }

    public synchronized List<String> names() {
        return events.stream().map(Received::name).toList();
    }

    public synchronized List<String> comments() {
        return List.copyOf(comments);
    }

    /** What EventSource would send as {@code Last-Event-ID} now. */
    public synchronized String lastId() {
        return lastId;
    }
}
