package dev.converge.portal.chat;

/**
 * One model of the catalog as users see it: {@code kind} is {@code deployment}, {@code external} or {@code rag};
 * {@code namespace} is null for external endpoints; a model that is not ready says why in {@code reason}.
 */
public record ChatModel(String id, String name, String kind, String namespace, boolean ready, String reason) {

    public static final String DEPLOYMENT = "deployment";
    public static final String EXTERNAL = "external";
    public static final String RAG = "rag";
}
