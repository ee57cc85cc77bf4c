package dev.converge.portal.rag.runtime;

import java.util.List;

import dev.converge.portal.platform.openai.OpenAiEmbeddings;

/** Embeddings from an OpenAI-compatible {@code /v1/embeddings} endpoint. */
public final class EndpointEmbedder implements Embedder {

    private final OpenAiEmbeddings client;

    public EndpointEmbedder(OpenAiEmbeddings client) {
        this.client = client;
    }

    @Override
    public String id() {
        return "endpoint:" + client.endpoint().baseUrl() + "#" + client.model();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        return client.embed(texts);
    }
}
