package dev.converge.portal.chat;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.converge.portal.platform.openai.OpenAiStub;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The OpenAI stub as external endpoints of the portal: {@code external:stub} for vision, {@code external:lang-stub} for language. */
final class ChatStubs {

    static final String API_KEY = "sk-test-secret-key";

    private ChatStubs() {
    }

    static OpenAiStub start() {
        try {
            return new OpenAiStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void register(DynamicPropertyRegistry registry, OpenAiStub stub) {
        registry.add("portal.chat.endpoints[0].id", () -> "stub");
        registry.add("portal.chat.endpoints[0].name", () -> "Stub model");
        registry.add("portal.chat.endpoints[0].base-url", stub::baseUrl);
        registry.add("portal.chat.endpoints[0].model", () -> "stub-model");
        registry.add("portal.chat.endpoints[0].api-key", () -> API_KEY);
        registry.add("portal.chat.endpoints[0].teams", () -> "vision");
        registry.add("portal.chat.endpoints[1].id", () -> "lang-stub");
        registry.add("portal.chat.endpoints[1].base-url", stub::baseUrl);
        registry.add("portal.chat.endpoints[1].model", () -> "stub-model");
        registry.add("portal.chat.endpoints[1].teams", () -> "language");
    }
}
