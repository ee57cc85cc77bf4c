package dev.converge.portal.home.web;

import dev.converge.portal.home.FunctionCards;
import dev.converge.portal.security.CurrentUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    @GetMapping("/")
    String home(CurrentUser user, Model model) {
        model.addAttribute("cards", FunctionCards.forUser(user));
        return "home";
    }
}
