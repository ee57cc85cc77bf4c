package dev.converge.portal.shared.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, for templates ({@code fragments/pagination}) and JSON alike: the items, the page number
 * (0-based), its size and the total number of items. Derived values are plain methods, so JSON carries only the four
 * fields.
 */
public record PageView<T>(List<T> items, int page, int size, long total) {

    public PageView {
        items = List.copyOf(items);
    }

    public static <T> PageView<T> of(List<T> items, PageParams params, long total) {
        return new PageView<>(items, params.page(), params.size(), total);
    }

    public <R> PageView<R> map(Function<? super T, ? extends R> mapper) {
        return new PageView<>(items.stream().<R>map(mapper).toList(), page, size, total);
    }

    public boolean empty() {
        return items.isEmpty();
    }

    public int totalPages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < totalPages();
    }

    /** 1-based number of the first item shown, for "21–40 of 95". */
    public long firstItem() {
        return items.isEmpty() ? 0 : (long) page * size + 1;
    }

    public long lastItem() {
        return (long) page * size + items.size();
    }
}
