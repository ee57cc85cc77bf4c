package dev.converge.portal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatMarkdownTests {

    private final ChatMarkdown markdown = new ChatMarkdown();

    @Test
    void rendersMarkdownWithCodeBlocks() {
        assertThat(markdown.html("**bold** and `code`\n\n```java\nint x = 1 < 2;\n```").html())
                .contains("<strong>bold</strong>", "<code>code</code>",
                        "<pre><code class=\"language-java\">int x = 1 &lt; 2;\n</code></pre>");
    }

    @Test
    void rawHtmlIsEscapedNotRun() {
        var html = markdown.html("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> <b>hi</b>").html();
        assertThat(html).doesNotContain("<script", "<img", "<b>").contains("&lt;script&gt;", "&lt;img");
    }

    @Test
    void onlyWebLinksKeepTheirAddressAndNeverOpenTheirOpener() {
        assertThat(markdown.html("[a](https://example.org/x) [b](http://e.org)").html())
                .contains("<a rel=\"noopener noreferrer\" href=\"https://example.org/x\">a</a>")
                .contains("<a rel=\"noopener noreferrer\" href=\"http://e.org\">b</a>");
        var hostile = markdown.html("[x](javascript:alert(1)) [y](data:text/html,hi) [z](/admin) "
                + "![i](javascript:alert(2))").html();
        assertThat(hostile).doesNotContain("javascript:", "data:", "/admin\"").contains("href=\"\"");
    }

    @Test
    void nothingRendersToNothing() {
        assertThat(markdown.html(null).html()).isEmpty();
        assertThat(markdown.html("").html()).isEmpty();
    }
}
