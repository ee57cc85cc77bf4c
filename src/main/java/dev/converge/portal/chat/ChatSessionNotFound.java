package dev.converge.portal.chat;

import dev.converge.portal.shared.web.NotFound;

/** No session of that id for this user (404): another user's session answers the same. */
final class ChatSessionNotFound extends NotFound {

    private ChatSessionNotFound(String id) {
        super("chat.error.session.notFound", id);
    }

    static ChatSessionNotFound id(String id) {
        return new ChatSessionNotFound(id);
    }

    static ChatSessionNotFound message(String id) {
        return new ChatSessionNotFound(id);
    }
}
