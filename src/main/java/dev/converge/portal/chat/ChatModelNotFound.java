package dev.converge.portal.chat;

import dev.converge.portal.shared.web.NotFound;

/** No model of that id (404). */
final class ChatModelNotFound extends NotFound {

    private ChatModelNotFound(String id) {
        super("chat.error.model.unknown", id);
    }

    static ChatModelNotFound id(String id) {
        return new ChatModelNotFound(id);
    }
}
