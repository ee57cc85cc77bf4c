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

    static <T> ResultPage<T> of(List<T> sorted, int page, int size) {
        int totalPages = (int) Math.ceil(sorted.size() / (double) size);
        int from = (int) Math.min((long) page * size, sorted.size());
        int to = Math.min(from + size, sorted.size());
        return new ResultPage<>(sorted.subList(from, to), page, size, sorted.size(), totalPages);
    }
}
