package dev.converge.portal.audit.web;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.shared.web.PageParams;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The audit trail for admins, newest first, filtered by actor, action prefix and outcome: the page, or the table
 * alone for htmx. {@link AuditApiController} answers the same query as JSON.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditPageController {

    private final AuditLog auditLog;

    AuditPageController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping(path = "/audit", produces = MediaType.TEXT_HTML_VALUE)
    String audit(@ModelAttribute("filter") AuditFilter filter, PageParams pageParams, HtmxRequest htmx,
                 Model model) {
        model.addAttribute("events", AuditApiController.page(auditLog, filter, pageParams));
        model.addAttribute("outcomes", AuditOutcome.values());
        return htmx.isHtmxRequest() ? "audit/fragments :: results" : "audit/list";
    }
}
