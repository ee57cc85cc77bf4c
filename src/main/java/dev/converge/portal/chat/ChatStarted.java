package dev.converge.portal.chat;

/** A message accepted: the session, the user's stored message, the answer being generated and how to follow it. */
public record ChatStarted(ChatSession session, ChatMessage question, ChatMessage answer, Generation generation) {
}
