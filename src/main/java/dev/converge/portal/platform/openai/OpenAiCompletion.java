package dev.converge.portal.platform.openai;

/** A whole answer: its text, the server's token counts and why it stopped ({@code stop}, {@code length}, …). */
public record OpenAiCompletion(String text, OpenAiUsage usage, String finishReason) {
}
