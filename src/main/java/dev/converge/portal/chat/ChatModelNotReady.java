package dev.converge.portal.chat;

import dev.converge.portal.shared.web.Conflict;

/** A deployment with no ready replica yet (409), with why. */
final class ChatModelNotReady extends Conflict {

    private ChatModelNotReady(String id, String reason) {
        super("chat.error.model.notReady", id, reason);
    }

    static ChatModelNotReady of(ChatModel model) {
        return new ChatModelNotReady(model.id(), model.reason());
    }
}
