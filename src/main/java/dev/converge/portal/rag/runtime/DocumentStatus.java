package dev.converge.portal.rag.runtime;

import java.time.Instant;

/**
 * One document as the runtime sees it: {@code chunks} is 0 and {@code error} says why when it could not be indexed.
 */
public record DocumentStatus(String name, long size, String sha256, int chunks, Instant indexedAt, String error) {
}
