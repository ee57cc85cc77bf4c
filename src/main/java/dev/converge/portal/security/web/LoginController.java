package dev.converge.portal.security.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {

    /** The single sign-on button's text, or null without single sign-on (read as properties: slices have no bean). */
    private final String ssoName;

    LoginController(@Value("${portal.security.oidc.enabled:false}") boolean sso,
                    @Value("${portal.security.oidc.display-name:Single sign-on}") String ssoName) {
        this.ssoName = sso ? ssoName : null;
    }

    /** A day: the longest lock worth showing; the number comes from the URL, so it is only ever shown, never trusted. */
    private static final long MAX_LOCK_MINUTES = 24 * 60;

    @GetMapping("/login")
    String login(@RequestParam(required = false) String locked, Model model) {
        model.addAttribute("ssoName", ssoName);
        if (locked != null) {
            model.addAttribute("lockedMinutes", minutes(locked));
        }
        return "login";
    }

    private static long minutes(String locked) {
        try {
            return Math.min(MAX_LOCK_MINUTES, Math.max(1, Long.parseLong(locked.strip())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
