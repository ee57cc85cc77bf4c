package dev.converge.portal.sandbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExtractiveModelTests {

    static final String RAG_PROMPT = """
            Answer from the context.

            Context:
            [1] (source: warranty.pdf)
            The warranty covers parts and labour. It lasts two years from the date of purchase.

            [2] (source: shipping-faq.md)
            Orders ship within three days. Returns are free of charge.

            Question: How long does the warranty last?""";

    @Test
    void answersWithTheBestMatchingContextSentenceAndNamesItsSource() {
        var answer = ExtractiveModel.answer(List.of(new ChatMessage("user", RAG_PROMPT)));

        assertThat(answer).contains("It lasts two years from the date of purchase. [1]")
                .endsWith("\n\nSources: [1] warranty.pdf")
                .doesNotContain("Orders ship", "shipping-faq.md");
    }

    @Test
    void takesSentencesFromSeveralPassagesWhenTheyMatchAlike() {
        var prompt = """
                Context:
                [1] (source: a.md)
                Models are deployed with the deploy form.

                [2] (source: b.md)
                Deployed models are listed on the deployments page. Nothing else here.

                Question: where are deployed models?""";

        var answer = ExtractiveModel.answer(List.of(new ChatMessage("user", prompt)));

        assertThat(answer).contains("Models are deployed with the deploy form. [1]",
                "Deployed models are listed on the deployments page. [2]", "Sources: [1] a.md; [2] b.md");
    }

    @Test
    void theQuestionMayBeTheLastUserMessageBesideAContextInTheSystemPrompt() {
        var system = RAG_PROMPT.substring(0, RAG_PROMPT.indexOf("Question:"));

        var answer = ExtractiveModel.answer(List.of(new ChatMessage("system", system),
                new ChatMessage("user", "Are returns free?")));

        assertThat(answer).startsWith("Returns are free of charge. [2]").endsWith("Sources: [2] shipping-faq.md");
    }

    @Test
    void saysSoWhenNoPassageMatches() {
        var prompt = RAG_PROMPT.replace("How long does the warranty last?", "Which colour is the sky?");

        assertThat(ExtractiveModel.answer(List.of(new ChatMessage("user", prompt))))
                .isEqualTo("None of the context passages answers the question \"Which colour is the sky?\".");
    }

    @Test
    void withoutContextItRestatesTheLastUserMessageAndSaysItIsSimulated() {
        var answer = ExtractiveModel.answer(List.of(new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "What is   the capital\nof France?"),
                new ChatMessage("assistant", "Paris."), new ChatMessage("user", "And of Spain?")));

        assertThat(answer).startsWith("You asked: \"And of Spain?\".").contains("sandbox-extractive", "simulated");
    }

    @Test
    void isDeterministic() {
        var messages = List.of(new ChatMessage("user", RAG_PROMPT));

        assertThat(ExtractiveModel.answer(messages)).isEqualTo(ExtractiveModel.answer(messages));
    }

    @Test
    void aContextWithoutNumberedPassagesIsNoContext() {
        var answer = ExtractiveModel.answer(List.of(new ChatMessage("user", "Context:\njust text\nQuestion: hi")));

        assertThat(answer).startsWith("You asked: \"Context: just text Question: hi\"");
    }
}
