package dev.converge.portal.live;

import java.util.LinkedHashMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * A published event with its id and its SSE frames. Each frame is built at most once per event, so sending to two
 * thousand clients costs two thousand references, not two thousand strings. Only touched under the hub's lock.
 */
final class SequencedEvent {

    private final long seq;
    private final String id;
    private final LiveEvent event;
    private final JsonMapper json;
    private String htmlFrame;
    private String jsonFrame;

    SequencedEvent(long seq, String id, LiveEvent event, JsonMapper json) {
        this.seq = seq;
        this.id = id;
        this.event = event;
        this.json = json;
    }

    /** The position in the hub that numbered it. */
    long seq() {
        return seq;
    }

    /** {@code <epoch>-<seq>}: what clients see and send back as {@code Last-Event-ID}. */
    String id() {
        return id;
    }

    LiveEvent event() {
        return event;
    }

    String frame(LiveFormat format) {
        if (format == LiveFormat.JSON) {
            if (jsonFrame == null) {
                var body = new LinkedHashMap<String, Object>();
                body.put("id", id);
                body.put("topic", event.topic().id());
                body.put("name", event.name());
                body.put("namespace", event.namespace());
                body.put("data", event.data());
                jsonFrame = frame(id, event.name(), json.writeValueAsString(body));
            }
            return jsonFrame;
        }
        if (htmlFrame == null) {
            htmlFrame = frame(id, event.name(), event.html());
        }
        return htmlFrame;
    }

    /** {@code id:}, {@code event:} and one {@code data:} line per line of the payload, as the SSE format wants. */
    static String frame(String id, String name, String data) {
        var frame = new StringBuilder(data.length() + name.length() + 48)
                .append("id: ").append(id).append('\n')
                .append("event: ").append(name).append('\n');
        for (var line : data.split("\r\n|\r|\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString();
    }
}
