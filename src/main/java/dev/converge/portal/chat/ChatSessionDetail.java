package dev.converge.portal.chat;

import java.util.List;

/** A session with its messages, oldest first. */
public record ChatSessionDetail(ChatSession session, List<ChatMessage> messages) {

    /** The last answer, if the last message is one. */
    public ChatMessage lastAnswer() {
        return messages.isEmpty() || messages.get(messages.size() - 1).fromUser() ? null
                : messages.get(messages.size() - 1);
    }

    public boolean answering() {
        return lastAnswer() != null && lastAnswer().streaming();
    }
}
