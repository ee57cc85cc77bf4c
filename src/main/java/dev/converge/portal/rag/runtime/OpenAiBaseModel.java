package dev.converge.portal.rag.runtime;

import java.time.Duration;
import java.util.stream.Stream;

import dev.converge.portal.platform.openai.RuntimeBaseModelClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A base model behind an OpenAI-compatible URL. */
public final class OpenAiBaseModel implements BaseModel {

    private final RuntimeBaseModelClient client;
    private final String model;

    public OpenAiBaseModel(String url, String model, String apiKey, Duration timeout) {
        this.client = new RuntimeBaseModelClient(url, apiKey, timeout);
        this.model = model;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public JsonNode complete(ObjectNode request) {
        return client.complete(request);
    }

    @Override
    public Stream<JsonNode> stream(ObjectNode request) {
        return client.stream(request);
    }
}
