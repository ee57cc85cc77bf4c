package dev.converge.portal.rag.runtime;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The visible text of an HTML page: scripts, styles and comments dropped, block elements as paragraph breaks, tags
 * removed, entities decoded. Good enough for indexing; nothing is rendered.
 */
final class HtmlText {

    private static final Pattern INVISIBLE = Pattern.compile(
            "(?is)<!--.*?-->|<(script|style|noscript|template|head)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern BLOCK = Pattern.compile(
            "(?i)</?(p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|blockquote|pre|hr|title)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
    private static final Pattern BREAKS = Pattern.compile("\\s*\\n\\s*(\\n\\s*)+");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ", "mdash", "—", "ndash", "–", "hellip", "…", "copy", "©");

    private HtmlText() {
    }

    static String of(String html) {
        var text = INVISIBLE.matcher(html).replaceAll(" ");
        text = BLOCK.matcher(text).replaceAll("\n\n");
        text = TAG.matcher(text).replaceAll("");
        text = decode(text);
        text = SPACES.matcher(text).replaceAll(" ");
        return BREAKS.matcher(text).replaceAll("\n\n").strip();
    }

    private static String decode(String text) {
        return ENTITY.matcher(text).replaceAll(match -> Matcher.quoteReplacement(entity(match.group(1))));
    }

    private static String entity(String name) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return " "; // a code point out of range
        }
        return NAMED.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "&" + name + ";");
    }
}
