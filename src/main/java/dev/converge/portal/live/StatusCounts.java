package dev.converge.portal.live;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How many objects of a namespace are in each status, in display order (zeros included). */
public record StatusCounts(String namespace, Map<String, Integer> byStatus) {

    public StatusCounts {
        byStatus = Collections.unmodifiableMap(new LinkedHashMap<>(byStatus));
    }

    static StatusCounts of(String namespace, List<String> statuses, Iterable<String> observed) {
        var counts = new LinkedHashMap<String, Integer>();
        statuses.forEach(status -> counts.put(status, 0));
        observed.forEach(status -> counts.merge(status, 1, Integer::sum));
        return new StatusCounts(namespace, counts);
    }

    public int total() {
        return byStatus.values().stream().mapToInt(Integer::intValue).sum();
    }
}
