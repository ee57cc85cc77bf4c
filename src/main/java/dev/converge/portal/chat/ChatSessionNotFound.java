package dev.converge.portal.chat;

import dev.converge.portal.shared.web.NotFound;

/** No session of that id for this user (404): another user's session answers the same. */
final class ChatSessionNotFound extends NotFound {

    private ChatSessionNotFound(String code, String id) {
        super(code, id);
    }

    static ChatSessionNotFound id(String id) {
        return new ChatSessionNotFound("chat.error.session.notFound", id);
    }

    /** A message id that is not in that session of the user's. */
    static ChatSessionNotFound message(String id) {
        return new ChatSessionNotFound("chat.error.message.notFound", id);
    }
}
