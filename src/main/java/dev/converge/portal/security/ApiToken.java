package dev.converge.portal.security;

import java.io.Serializable;
import java.time.Instant;

/**
 * A personal access token as its owner sees it: never the token itself, only a short prefix to recognise it by.
 * {@code status} is worked out when the token is read. Serializable: a new one travels in the (database) session
 * as a flash attribute, from the form's redirect to the page that shows it once.
 */
public record ApiToken(long id, String username, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                       Instant expiresAt, Instant revokedAt, Status status) implements Serializable {

    public enum Status { ACTIVE, EXPIRED, REVOKED }
}
