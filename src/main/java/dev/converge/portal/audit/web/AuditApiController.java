package dev.converge.portal.audit.web;

import dev.converge.portal.audit.AuditEvent;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail as JSON for API clients (see docs/api.md), from the same query as the page. */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class AuditApiController {

    private final AuditLog auditLog;

    AuditApiController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping(path = "/audit", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    PageView<AuditEvent> audit(@ModelAttribute AuditFilter filter, PageParams pageParams) {
        return page(auditLog, filter, pageParams);
    }

    static PageView<AuditEvent> page(AuditLog auditLog, AuditFilter filter, PageParams pageParams) {
        var query = filter.query(pageParams);
        return PageView.of(auditLog.search(query), pageParams, auditLog.count(query));
    }
}
