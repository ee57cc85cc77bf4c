package dev.converge.portal.security.web;

import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.CurrentUsers;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in user into every view's model as {@code currentUser} (null when anonymous). */
@ControllerAdvice
class CurrentUserAdvice {

    private final CurrentUsers currentUsers;

    CurrentUserAdvice(CurrentUsers currentUsers) {
        this.currentUsers = currentUsers;
    }

    @ModelAttribute("currentUser")
    CurrentUser currentUser(Authentication authentication) {
        return currentUsers.from(authentication).orElse(null);
    }
}
