package dev.converge.portal.chat;

import dev.converge.portal.shared.web.Forbidden;

/** A model outside the user's teams (403), the same whether or not it exists. */
final class ChatModelNotAllowed extends Forbidden {

    private ChatModelNotAllowed(String id) {
        super("chat.error.model.notAllowed", id);
    }

    static ChatModelNotAllowed id(String id) {
        return new ChatModelNotAllowed(id);
    }
}
