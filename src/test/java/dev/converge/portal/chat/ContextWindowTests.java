package dev.converge.portal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.converge.portal.platform.openai.OpenAiMessage;
import org.junit.jupiter.api.Test;

class ContextWindowTests {

    @Test
    void aMessageCostsAQuarterOfItsCharactersPlusFour() {
        assertThat(ContextWindow.estimate("")).isEqualTo(4);
        assertThat(ContextWindow.estimate("abcd")).isEqualTo(5);
        assertThat(ContextWindow.estimate("abcde")).isEqualTo(6);
    }

    @Test
    void everythingGoesWhenItFits() {
        var sent = ContextWindow.fit("Be brief.", List.of(user("hi"), answer("hello"), user("how are you?")), 1000);
        assertThat(sent).containsExactly(OpenAiMessage.system("Be brief."), OpenAiMessage.user("hi"),
                OpenAiMessage.assistant("hello"), OpenAiMessage.user("how are you?"));
    }

    @Test
    void theOldestTurnsGoFirstAndTheSystemPromptStays() {
        var old = "x".repeat(400);
        var sent = ContextWindow.fit("Be brief.", List.of(user(old), answer(old), user("recent"), answer("ok"),
                user("newest")), 40);
        assertThat(sent).containsExactly(OpenAiMessage.system("Be brief."), OpenAiMessage.user("recent"),
                OpenAiMessage.assistant("ok"), OpenAiMessage.user("newest"));
    }

    @Test
    void theNewestMessageGoesEvenAloneOverTheBudget() {
        var huge = "y".repeat(10_000);
        assertThat(ContextWindow.fit(null, List.of(user("before"), user(huge)), 100))
                .containsExactly(OpenAiMessage.user(huge));
    }

    @Test
    void emptyAndStreamingAnswersAreLeftOut() {
        var streaming = new ChatMessage("s", ChatMessage.ASSISTANT, "partial", "m", ChatMessage.STREAMING, null,
                null, null, Instant.EPOCH);
        assertThat(ContextWindow.fit(null, List.of(user("q"), answer(""), streaming), 100))
                .containsExactly(OpenAiMessage.user("q"));
    }

    private static ChatMessage user(String text) {
        return new ChatMessage("u", ChatMessage.USER, text, null, ChatMessage.DONE, null, null, null, Instant.EPOCH);
    }

    private static ChatMessage answer(String text) {
        return new ChatMessage("a", ChatMessage.ASSISTANT, text, "m", ChatMessage.DONE, null, null, null,
                Instant.EPOCH);
    }
}
