package dev.converge.portal.audit.web;

import dev.converge.portal.audit.AuditEvent;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.shared.web.ClientKind;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The audit trail for admins, newest first, filtered by actor, action prefix and outcome: a page, the table alone for
 * htmx, or JSON for API clients, all from the same query parameters.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditController {

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/audit")
    Object audit(@ModelAttribute("filter") AuditFilter filter, PageParams pageParams, HtmxRequest htmx,
                 HttpServletRequest request, Model model) {
        var query = filter.query(pageParams);
        var events = PageView.<AuditEvent>of(auditLog.search(query), pageParams, auditLog.count(query));
        if (ClientKind.wantsJson(request)) {
            return ResponseEntity.ok(events);
        }
        model.addAttribute("events", events);
        model.addAttribute("outcomes", AuditOutcome.values());
        return htmx.isHtmxRequest() ? "audit/fragments :: results" : "audit/list";
    }
}
