package dev.converge.portal.audit;

/** A page of the audit trail, filtered by actor, action prefix and outcome (null means any). */
public record AuditQuery(String actor, String action, AuditOutcome outcome, int page, int size) {
}
