package dev.converge.portal.platform.openai;

/** One message of a conversation as the protocol carries it: {@code system}, {@code user} or {@code assistant}. */
public record OpenAiMessage(String role, String content) {

    public static OpenAiMessage system(String content) {
        return new OpenAiMessage("system", content);
    }

    public static OpenAiMessage user(String content) {
        return new OpenAiMessage("user", content);
    }

    public static OpenAiMessage assistant(String content) {
        return new OpenAiMessage("assistant", content);
    }
}
