package dev.converge.portal.shared.web;

/**
 * Which page of a list to show, from the {@code page} (0-based) and {@code size} query parameters. Out-of-range or
 * unreadable values fall back to sane bounds instead of failing, so a hand-edited URL still shows a list. Controllers
 * take it as a parameter ({@link PageParamsResolver}).
 */
public record PageParams(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public PageParams {
        page = Math.max(0, page);
        size = size < 1 ? DEFAULT_SIZE : Math.min(size, MAX_SIZE);
    }

    public static PageParams first() {
        return new PageParams(0, DEFAULT_SIZE);
    }

    public long offset() {
        return (long) page * size;
    }
}
