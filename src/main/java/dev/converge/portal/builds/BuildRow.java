package dev.converge.portal.builds;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.converge.portal.live.LiveRow;

/**
 * A build as a live row shows it: its {@link BuildStatus} as the phase, and what else the build page shows of the
 * cluster's state: the node it runs on and the image it produced. A change of any of them is a live event, on which
 * the build page fetches its state again (the badge alone follows the phase).
 */
public record BuildRow(String namespace, String name, String phase, String node, String image, boolean deleted)
        implements LiveRow {

    /** Every phase a row can show, in the order the counts show them. */
    static final List<String> PHASES = Arrays.stream(BuildStatus.values()).map(BuildStatus::phase).toList();

    public static BuildRow of(Build build) {
        return new BuildRow(build.namespace(), build.name(), build.status().phase(), build.node(), build.image(),
                false);
    }

    BuildRow asDeleted() {
        return new BuildRow(namespace, name, phase, node, image, true);
    }

    @Override
    public String status() {
        return phase;
    }

    @Override
    public String eventName() {
        return "build-row-" + namespace + "-" + name;
    }

    @Override
    public Map<String, Object> data() {
        var data = new HashMap<String, Object>();
        data.put("namespace", namespace);
        data.put("name", name);
        data.put("phase", phase);
        data.put("deleted", deleted);
        // absent rather than null: the JSON stream never says "null"
        if (node != null && !node.isEmpty()) {
            data.put("node", node);
        }
        if (image != null) {
            data.put("image", image);
        }
        return Map.copyOf(data);
    }
}
