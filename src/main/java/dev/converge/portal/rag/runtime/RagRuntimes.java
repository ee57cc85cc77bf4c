package dev.converge.portal.rag.runtime;

import java.time.Clock;
import java.util.function.Supplier;

import dev.converge.portal.platform.openai.OpenAiClient;
import dev.converge.portal.platform.openai.OpenAiEmbeddings;
import dev.converge.portal.platform.openai.OpenAiEndpoint;
import dev.converge.portal.platform.openai.OpenAiTimeouts;
import dev.converge.portal.platform.storage.ArtifactStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a runtime and its HTTP handler for one RagModel. The runtime role uses {@link #fromProperties}; the
 * sandbox, which serves RagModel pods in process, uses {@link #create} with the portal's own {@link ArtifactStore}.
 */
public final class RagRuntimes {

    private RagRuntimes() {
    }

    /**
     * A runtime over {@code store}'s documents bucket, not yet started: call {@code handler.runtime().start(...)}.
     *
     * @param baseModel null when the RagModel cannot chat (chat completions answer 503)
     */
    public static RagRuntimeHandler create(String name, RetrievalSettings retrieval, ArtifactStore store,
            String prefix, long maxDocumentBytes, Embedder embedder, BaseModel baseModel, Clock clock) {
        var runtime = new RagRuntime(name, retrieval, new ObjectStorageDocuments(store, prefix, maxDocumentBytes),
                embedder, clock);
        return new RagRuntimeHandler(runtime, baseModel == null ? null : new RagChat(runtime, baseModel));
    }

    public static RagRuntimeHandler fromProperties(RagRuntimeProperties properties, Clock clock) {
        var documents = properties.documents();
        var store = ArtifactStore.forDocuments(documents.endpoint(), documents.accessKey(), documents.secretKey(),
                documents.region(), documents.bucket(), clock);
        return fromProperties(properties, store, BuiltInEmbedder::new, clock);
    }

    /**
     * A runtime over a given store of the documents bucket (the sandbox passes the portal's own), not yet started;
     * the built-in embedder comes from {@code builtIn}, so runtimes in one process can share one model.
     */
    public static RagRuntimeHandler fromProperties(RagRuntimeProperties properties, ArtifactStore store,
            Supplier<Embedder> builtIn, Clock clock) {
        return create(properties.name(), properties.retrieval().settings(), store, properties.prefix(),
                properties.documents().maxDocumentSize().toBytes(), embedder(properties, builtIn),
                baseModel(properties), clock);
    }

    static Embedder embedder(RagRuntimeProperties properties) {
        return embedder(properties, BuiltInEmbedder::new);
    }

    private static Embedder embedder(RagRuntimeProperties properties, Supplier<Embedder> builtIn) {
        var embedding = properties.embedding();
        if (embedding.builtIn()) {
            if (!BuiltInEmbedder.MODEL.equals(embedding.model())) {
                throw new IllegalStateException("portal.rag-runtime.embedding.model must be " + BuiltInEmbedder.MODEL
                        + " when no embedding URL is set, was: " + embedding.model());
            }
            return builtIn.get();
        }
        return new EndpointEmbedder(new OpenAiEmbeddings(OpenAiEndpoint.of(v1(embedding.url()), embedding.apiKey()),
                embedding.model(), timeouts(properties)));
    }

    /** OpenAI SDKs take the base URL with its {@code /v1}; a URL without it gets it. */
    static String v1(String url) {
        var trimmed = url.strip().replaceAll("/+$", "");
        return trimmed.endsWith("/v1") ? trimmed : trimmed + "/v1";
    }

    static OpenAiTimeouts timeouts(RagRuntimeProperties properties) {
        return new OpenAiTimeouts(OpenAiTimeouts.DEFAULT.connect(), properties.requestTimeout(),
                OpenAiTimeouts.DEFAULT.betweenTokens());
    }

    static BaseModel baseModel(RagRuntimeProperties properties) {
        var base = properties.baseModel();
        if (base.url() == null || base.url().isBlank()) {
            return null;
        }
        if (base.model() == null || base.model().isBlank()) {
            throw new IllegalStateException("portal.rag-runtime.base-model.model must be set with its URL");
        }
        return new BaseModel(new OpenAiClient(JsonMapper.builder().build(), timeouts(properties)),
                OpenAiEndpoint.of(v1(base.url()), base.apiKey()), base.model());
    }
}
