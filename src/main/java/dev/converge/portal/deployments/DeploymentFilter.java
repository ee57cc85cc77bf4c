package dev.converge.portal.deployments;

import java.util.List;

/**
 * What the list asks for; every field may be blank. {@code sort} is one of {@link #SORTS} (a leading {@code -}
 * reverses it); {@code page} counts from 0.
 */
public record DeploymentFilter(String namespace, String zone, String status, String q, String sort, Integer page,
                               Integer size) {

    public static final List<String> SORTS = List.of("name", "namespace", "age", "status", "ready");
    public static final int DEFAULT_SIZE = 20;

    public int pageOrFirst() {
        return page == null || page < 0 ? 0 : page;
    }

    public int sizeOrDefault() {
        return size == null || size < 1 ? DEFAULT_SIZE : Math.min(size, 200);
    }

    public String sortOrDefault() {
        return sort == null || sort.isBlank() ? "namespace" : sort;
    }

    /** Whether it leaves some deployments out: an empty list then says "no match", not "none yet". */
    public boolean narrowed() {
        return given(namespace) || given(zone) || given(status) || given(q);
    }

    static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
