package dev.converge.portal.security;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Records every sign-in attempt as {@code auth.login}. Bearer tokens do not pass through here: they are checked on
 * every request, and their use shows as the token's last-used time instead.
 */
@Component
class SignInAudit {

    /** The audit log's actor column; a typed user name can be anything. */
    private static final int MAX_ACTOR = 253;

    private final AuditLog audit;

    SignInAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void signedIn(AuthenticationSuccessEvent event) {
        var name = actor(event.getAuthentication().getName());
        audit.record(name, "auth.login", "user/" + name, AuditOutcome.SUCCESS, null);
    }

    /** Unknown user and wrong password are recorded alike, as the sign-in page answers them alike. */
    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        var name = actor(event.getAuthentication().getName());
        audit.record(name, "auth.login", "user/" + name, AuditOutcome.FAILURE, "invalid credentials");
    }

    /**
     * A sign-in refused unchecked because the name or the address is locked after too many failures. Static: the
     * security chain records it before any event exists, and slice tests build that chain without this bean.
     */
    static void throttled(AuditLog audit, String username, long minutes) {
        var name = actor(username);
        audit.record(name, "auth.login", "user/" + name, AuditOutcome.DENIED,
                "too many failed sign-ins; locked for " + minutes + " more minute(s)");
    }

    private static String actor(String name) {
        var actor = name == null || name.isBlank() ? "(blank)" : name.strip();
        return actor.length() > MAX_ACTOR ? actor.substring(0, MAX_ACTOR) : actor;
    }
}
