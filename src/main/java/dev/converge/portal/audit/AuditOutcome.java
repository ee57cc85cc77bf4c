package dev.converge.portal.audit;

public enum AuditOutcome { SUCCESS, FAILURE, DENIED }
