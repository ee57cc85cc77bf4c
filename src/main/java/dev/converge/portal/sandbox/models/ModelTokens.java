package dev.converge.portal.sandbox.models;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the sandbox model counts and streams tokens: a token is a word (a run of letters, digits and {@code _}, with an
 * apostrophe suffix such as {@code don't} or {@code model's} kept in it) or a single other non-space character
 * (punctuation, a symbol). Each streamed piece carries the whitespace before its token, so the pieces put together
 * give back the text exactly. {@code usage} reports the same counts.
 */
final class ModelTokens {

    private static final Pattern TOKEN =
            Pattern.compile("\\s*(?:[\\p{L}\\p{N}_]+(?:'[\\p{L}]+)?|[^\\s\\p{L}\\p{N}_])");

    private ModelTokens() {
    }

    /** The text as streamed pieces; trailing whitespace goes with the last piece. */
    static List<String> pieces(String text) {
        var pieces = new ArrayList<String>();
        var matcher = TOKEN.matcher(text);
        int end = 0;
        while (matcher.find()) {
            pieces.add(matcher.group());
            end = matcher.end();
        }
        if (end < text.length()) {
            if (pieces.isEmpty()) {
                pieces.add(text.substring(end));
            } else {
                pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + text.substring(end));
            }
        }
        return pieces;
    }

    /** The number of tokens in the text (whitespace alone is none). */
    static int count(String text) {
        var matcher = TOKEN.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
