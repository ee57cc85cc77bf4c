package dev.converge.portal.sandbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelTokensTests {

    @Test
    void wordsAndPunctuationAreOneTokenEach() {
        assertThat(ModelTokens.count("Hello, world!")).isEqualTo(4);
        assertThat(ModelTokens.count("The model's answer: don't panic.")).isEqualTo(7);
        assertThat(ModelTokens.count("GPU-hours cost 4.50 EUR")).isEqualTo(8);
        assertThat(ModelTokens.count("   ")).isZero();
        assertThat(ModelTokens.count("")).isZero();
    }

    @Test
    void piecesCarryTheirLeadingWhitespaceSoTheyRebuildTheText() {
        var text = "  Two lines,\nthen\ttabs.  ";

        var pieces = ModelTokens.pieces(text);

        assertThat(pieces).containsExactly("  Two", " lines", ",", "\nthen", "\ttabs", ".  ");
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).hasSize(ModelTokens.count(text));
    }

    @Test
    void lettersOfEveryScriptAreWords() {
        assertThat(ModelTokens.pieces("Grüße, 世界")).containsExactly("Grüße", ",", " 世界");
    }
}
