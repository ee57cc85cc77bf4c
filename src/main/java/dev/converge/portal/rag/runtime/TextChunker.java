package dev.converge.portal.rag.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts text into chunks of at most {@code chunkSize} characters on sentence and paragraph boundaries. Consecutive
 * chunks share up to {@code chunkOverlap} characters: the last whole sentences of the previous chunk that fit. A
 * sentence longer than a chunk is cut between words (and a word longer than a chunk between characters).
 */
public final class TextChunker {

    private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+(?=\\S)|\\n");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final int chunkSize;
    private final int chunkOverlap;

    public TextChunker(int chunkSize, int chunkOverlap) {
        if (chunkSize < 1 || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
            throw new IllegalArgumentException("need 0 <= overlap < size, was size " + chunkSize + ", overlap "
                    + chunkOverlap);
        }
        this.chunkSize = chunkSize;
        this.chunkOverlap = chunkOverlap;
    }

    /** A sentence (or a piece of one) and whether a paragraph starts with it. */
    private record Unit(String text, boolean paragraphStart) {
    }

    public List<String> chunks(String text) {
        var chunks = new ArrayList<String>();
        var current = new ArrayDeque<Unit>();
        int length = 0;
        for (var unit : units(text)) {
            if (!current.isEmpty() && length + 2 + unit.text().length() > chunkSize) {
                chunks.add(join(current));
                length = keepOverlap(current, unit.text().length());
            }
            length += (current.isEmpty() ? 0 : 2) + unit.text().length();
            current.addLast(unit);
        }
        if (!current.isEmpty()) {
            chunks.add(join(current));
        }
        return chunks;
    }

    /** Drops sentences from the front until what is left fits the overlap and leaves room for the next sentence. */
    private int keepOverlap(ArrayDeque<Unit> current, int nextLength) {
        int length = joinedLength(current);
        while (!current.isEmpty() && (length > chunkOverlap || length + 2 + nextLength > chunkSize)) {
            var removed = current.removeFirst();
            length -= removed.text().length() + (current.isEmpty() ? 0 : 2);
        }
        return Math.max(length, 0);
    }

    private static int joinedLength(ArrayDeque<Unit> units) {
        int length = 0;
        for (var unit : units) {
            length += unit.text().length() + (length == 0 ? 0 : 2);
        }
        return length;
    }

    private static String join(ArrayDeque<Unit> units) {
        var text = new StringBuilder();
        for (var unit : units) {
            if (!text.isEmpty()) {
                text.append(unit.paragraphStart() ? "\n\n" : " ");
            }
            text.append(unit.text());
        }
        return text.toString();
    }

    private List<Unit> units(String text) {
        var units = new ArrayList<Unit>();
        for (var paragraph : PARAGRAPHS.split(text.replace("\r\n", "\n"))) {
            boolean first = true;
            for (var sentence : SENTENCE_END.split(paragraph.strip())) {
                var normalised = WHITESPACE.matcher(sentence).replaceAll(" ").strip();
                if (normalised.isEmpty()) {
                    continue;
                }
                for (var piece : pieces(normalised)) {
                    units.add(new Unit(piece, first));
                    first = false;
                }
            }
        }
        return units;
    }

    /** A sentence that is longer than a chunk, cut between words. */
    private List<String> pieces(String sentence) {
        if (sentence.length() <= chunkSize - 2) {
            return List.of(sentence);
        }
        var pieces = new ArrayList<String>();
        var piece = new StringBuilder();
        int limit = chunkSize - 2;
        for (var word : sentence.split(" ")) {
            while (word.length() > limit) {
                if (!piece.isEmpty()) {
                    pieces.add(piece.toString());
                    piece.setLength(0);
                }
                pieces.add(word.substring(0, limit));
                word = word.substring(limit);
            }
            if (!piece.isEmpty() && piece.length() + 1 + word.length() > limit) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
            if (!piece.isEmpty()) {
                piece.append(' ');
            }
            piece.append(word);
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }
}
