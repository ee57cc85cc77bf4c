package dev.converge.portal.platform.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class Utf8LinesTests {

    private final Utf8Lines splitter = new Utf8Lines();
    private final List<String> lines = new ArrayList<>();

    private void feed(byte[]... reads) {
        for (var read : reads) {
            splitter.feed(ByteBuffer.wrap(read), lines::add);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineEndOfServerSentEventsEndsALine() {
        feed(utf8("data: a\n\ndata: b\r\n\r\ndata: c\r\r"));
        assertThat(lines).containsExactly("data: a", "", "data: b", "", "data: c", "");
    }

    @Test
    void aLineSplitBetweenReadsArrivesWhole() {
        feed(utf8("data: {\"choices\":"), utf8("[]}\n"));
        assertThat(lines).containsExactly("data: {\"choices\":[]}");
    }

    @Test
    void aCarriageReturnAndLineFeedInTwoReadsAreOneLineEnd() {
        feed(utf8("data: a\r"), utf8("\ndata: b\n"));
        assertThat(lines).containsExactly("data: a", "data: b");
    }

    @Test
    void aCharacterSplitBetweenReadsStaysWhole() {
        var bytes = utf8("data: Grüße 🐝\n");
        var split = 9; // inside the two bytes of ü
        feed(Arrays.copyOfRange(bytes, 0, split), Arrays.copyOfRange(bytes, split, bytes.length));
        assertThat(lines).containsExactly("data: Grüße 🐝");
    }

    @Test
    void whatFollowsTheLastLineEndIsKeptForTheEnd() {
        feed(utf8("data: a\ndata: [DONE]"));
        assertThat(lines).containsExactly("data: a");
        assertThat(splitter.rest()).isEqualTo("data: [DONE]");
        assertThat(splitter.rest()).isNull();
    }

    @Test
    void aLineWithoutEndBeyondTheLimitIsRefused() {
        var chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        assertThatThrownBy(() -> feed(chunk, chunk, chunk, chunk, chunk))
                .isInstanceOfSatisfying(OpenAiException.class,
                        e -> assertThat(e.kind()).isEqualTo(OpenAiException.Kind.MALFORMED));
    }
}
