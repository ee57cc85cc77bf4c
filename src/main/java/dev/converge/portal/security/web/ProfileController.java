package dev.converge.portal.security.web;

import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.CurrentUser;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.DefaultMessageCodesResolver;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's profile page: who they are, and their access tokens. Works as plain forms; htmx swaps the
 * token table on revoke. A new token reaches the page once, as a flash attribute, so a reload no longer shows it.
 */
@Controller
class ProfileController {

    private final ApiTokens tokens;

    ProfileController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** Binding errors (a non-number expiry) resolve under {@code profile.} in messages.properties. */
    @InitBinder("tokenForm")
    void prefixMessageCodes(WebDataBinder binder) {
        var codes = new DefaultMessageCodesResolver();
        codes.setPrefix("profile.");
        binder.setMessageCodesResolver(codes);
    }

    @GetMapping("/profile")
    String profile(CurrentUser user, Model model) {
        if (!model.containsAttribute("tokenForm")) {
            model.addAttribute("tokenForm", TokenForm.empty());
        }
        model.addAttribute("tokens", tokens.list(user));
        return "profile/index";
    }

    /** Any body but JSON: that one goes to {@link TokenApiController}. */
    @PostMapping("/profile/tokens")
    String create(CurrentUser user, @Valid @ModelAttribute("tokenForm") TokenForm form, BindingResult errors,
                  Model model, RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            model.addAttribute("tokens", tokens.list(user));
            return "profile/index";
        }
        redirect.addFlashAttribute("issuedToken", tokens.create(user, form.name(), form.expiresInDays()));
        return "redirect:/profile";
    }

    @PostMapping("/profile/tokens/{id}/revoke")
    String revoke(CurrentUser user, @PathVariable long id, HtmxRequest htmx, Model model,
                  RedirectAttributes redirect) {
        var revoked = tokens.revoke(user, id);
        if (htmx.isHtmxRequest()) {
            model.addAttribute("tokens", tokens.list(user));
            return "profile/fragments :: token-table";
        }
        redirect.addFlashAttribute("revokedToken", revoked.name());
        return "redirect:/profile";
    }
}
