package dev.converge.portal.security.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {

    /** A day: the longest lock worth showing; the number comes from the URL, so it is only ever shown, never trusted. */
    private static final long MAX_LOCK_MINUTES = 24 * 60;

    @GetMapping("/login")
    String login(@RequestParam(required = false) String locked, Model model) {
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
