package dev.converge.portal.rag.runtime;

import java.util.regex.Pattern;

/** Markdown as the text a reader sees: headings, emphasis, links and code fences lose their markup. */
final class MarkdownText {

    private static final Pattern FENCE = Pattern.compile("(?m)^\\s*(```|~~~).*$");
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s*(.*?)\\s*#*\\s*$");
    private static final Pattern QUOTE_OR_LIST = Pattern.compile("(?m)^\\s*(>+|[-*+]|\\d+[.)])\\s+");
    private static final Pattern RULE = Pattern.compile("(?m)^\\s*([-*_]\\s*){3,}$");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*{1,3}|_{1,3}|`+|~~)(\\S.*?\\S|\\S)\\1");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>\\n]+>");

    private MarkdownText() {
    }

    static String of(String markdown) {
        var text = FENCE.matcher(markdown).replaceAll("");
        text = IMAGE.matcher(text).replaceAll("$1");
        text = LINK.matcher(text).replaceAll("$1");
        text = RULE.matcher(text).replaceAll("");
        text = HEADING.matcher(text).replaceAll("$1\n");
        text = QUOTE_OR_LIST.matcher(text).replaceAll("");
        text = EMPHASIS.matcher(text).replaceAll("$2");
        return HTML_TAG.matcher(text).replaceAll("");
    }
}
