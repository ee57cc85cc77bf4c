package dev.converge.portal.chat.web;

import dev.converge.portal.chat.ChatMessage;

/** A message as the page shows it: the stored message, its Markdown rendered safely, and whether it is the last. */
public record MessageView(ChatMessage message, String html, boolean last) {
}
