package dev.converge.portal.chat;

import java.util.function.Supplier;

import dev.converge.portal.platform.openai.OpenAiEndpoint;

/**
 * A model resolved for a call: what the catalog shows, where its server answers, and the model name to send
 * (asked for lazily: a deployment's server names its own model on {@code GET /models}).
 */
public record ChatTarget(ChatModel model, OpenAiEndpoint endpoint, Supplier<String> upstreamModel) {
}
