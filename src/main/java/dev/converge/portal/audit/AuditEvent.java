package dev.converge.portal.audit;

import java.time.Instant;

/** One recorded action. {@code target} names the object, e.g. {@code deployment/team-a/llama}. */
public record AuditEvent(long id, Instant occurredAt, String actor, String action, String target,
                         AuditOutcome outcome, String detail) {
}
