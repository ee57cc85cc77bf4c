package dev.converge.portal.rag.runtime;

import dev.converge.portal.platform.openai.OpenAiClient;
import dev.converge.portal.platform.openai.OpenAiEndpoint;

/**
 * The model a RagModel answers with: an OpenAI-compatible server (its base URL ends in {@code /v1}) and the model
 * name to ask it for.
 */
public record BaseModel(OpenAiClient client, OpenAiEndpoint endpoint, String model) {
}
