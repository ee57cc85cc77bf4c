package dev.converge.portal.audit.web;

import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.shared.web.PageParams;

/** The audit page's filter form; blank fields mean "any". */
record AuditFilter(String actor, String action, AuditOutcome outcome) {

    AuditFilter {
        actor = blankToNull(actor);
        action = blankToNull(action);
    }

    AuditQuery query(PageParams page) {
        return new AuditQuery(actor, action, outcome, page.page(), page.size());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
