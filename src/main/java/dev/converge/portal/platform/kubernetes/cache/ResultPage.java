package dev.converge.portal.platform.kubernetes.cache;

import java.util.List;

/**
 * One page of a cache query. {@code page} counts from 0; {@code totalItems} and {@code totalPages} describe
 * everything that matched, not just this page.
 */
public record ResultPage<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public ResultPage {
        items = List.copyOf(items);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < totalPages;
    }
}
