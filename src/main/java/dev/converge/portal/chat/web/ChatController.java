package dev.converge.portal.chat.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Placeholder until the chat manager arrives: the page says what it will hold. */
@Controller
class ChatController {

    @GetMapping("/chat")
    String page() {
        return "chat/list";
    }
}
