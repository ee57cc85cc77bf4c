package dev.converge.portal.platform.openai;

/** Tokens as the server counted them ({@code usage}); -1 where it did not say. */
public record OpenAiUsage(int promptTokens, int completionTokens) {

    public static final OpenAiUsage UNKNOWN = new OpenAiUsage(-1, -1);

    public boolean known() {
        return promptTokens >= 0 && completionTokens >= 0;
    }
}
