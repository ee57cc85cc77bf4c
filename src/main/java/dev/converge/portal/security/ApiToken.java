package dev.converge.portal.security;

import java.time.Instant;

/**
 * A personal access token as its owner sees it: never the token itself, only a short prefix to recognise it by.
 * {@code status} is worked out when the token is read.
 */
public record ApiToken(long id, String username, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                       Instant expiresAt, Instant revokedAt, Status status) {

    public enum Status { ACTIVE, EXPIRED, REVOKED }
}
