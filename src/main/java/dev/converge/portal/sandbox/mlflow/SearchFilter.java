package dev.converge.portal.sandbox.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow's search filter syntax: clauses {@code <entity>.<key> <comparator> <value>} joined by {@code AND}, such as
 * {@code metrics.accuracy > 0.9 AND params.model = 'resnet' AND tags."team name" LIKE 'vis%'}. An identifier without
 * an entity is an attribute ({@code status = 'FINISHED'}); keys may be quoted with backticks or double quotes; string
 * values with single or double quotes; {@code IN ('a', 'b')} takes a list. Errors carry MLflow's wording.
 */
final class SearchFilter {

    enum Entity { METRIC, PARAMETER, TAG, ATTRIBUTE }

    /** A value as written: quoted text, a bare literal (a number), or a parenthesised list of quoted strings. */
    record Value(String text, boolean quoted, List<String> list) {
        boolean isList() {
            return list != null;
        }
    }

    record Clause(Entity entity, String key, String comparator, Value value) {
    }

    record Identifier(Entity entity, String key) {
    }

    private static final Set<String> WORD_COMPARATORS = Set.of("LIKE", "ILIKE", "IN");

    private final String text;
    private int position;

    private SearchFilter(String text) {
        this.text = text;
    }

    /** The clauses of {@code filter}; none for a blank filter. */
    static List<Clause> parse(String filter) {
        var clauses = new ArrayList<Clause>();
        if (filter == null || filter.isBlank()) {
            return clauses;
        }
        var parser = new SearchFilter(filter);
        while (true) {
            clauses.add(parser.clause());
            parser.skipSpaces();
            if (parser.atEnd()) {
                return clauses;
            }
            var word = parser.word();
            if (!"AND".equalsIgnoreCase(word)) {
                throw MlflowError.invalidParameter("Invalid clause(s) in filter string: '" + filter
                        + "'. Only AND joins clauses" + (word.isEmpty() ? "" : ", found '" + word + "'") + ".");
            }
        }
    }

    /** One {@code order_by} item: an identifier and {@code ASC} (default) or {@code DESC}. */
    static OrderClause parseOrderBy(String item) {
        var parser = new SearchFilter(item);
        parser.skipSpaces();
        Identifier identifier;
        try {
            identifier = parser.identifier();
        } catch (MlflowError e) {
            throw MlflowError.invalidParameter("Invalid order_by clause '" + item + "'. Could not be parsed.");
        }
        parser.skipSpaces();
        boolean ascending = true;
        if (!parser.atEnd()) {
            var direction = parser.word().toUpperCase(Locale.ROOT);
            parser.skipSpaces();
            if (!parser.atEnd() || !(direction.equals("ASC") || direction.equals("DESC"))) {
                throw MlflowError.invalidParameter("Invalid order_by clause '" + item + "'. Could not be parsed.");
            }
            ascending = direction.equals("ASC");
        }
        return new OrderClause(identifier, ascending);
    }

    record OrderClause(Identifier identifier, boolean ascending) {
    }

    private Clause clause() {
        skipSpaces();
        var identifier = identifier();
        skipSpaces();
        var comparator = comparator();
        skipSpaces();
        var value = value(comparator);
        return new Clause(identifier.entity(), identifier.key(), comparator, value);
    }

    private Identifier identifier() {
        if (atEnd()) {
            throw parseError();
        }
        if (peek() == '`' || peek() == '"') {
            return new Identifier(Entity.ATTRIBUTE, quoted(peek()));
        }
        var word = word();
        if (word.isEmpty()) {
            throw parseError();
        }
        if (atEnd() || peek() != '.') {
            return new Identifier(Entity.ATTRIBUTE, word);
        }
        position++;
        var entity = entity(word);
        String key;
        if (!atEnd() && (peek() == '`' || peek() == '"')) {
            key = quoted(peek());
        } else {
            int start = position;
            while (!atEnd() && !Character.isWhitespace(peek()) && "=!<>".indexOf(peek()) < 0) {
                position++;
            }
            key = text.substring(start, position);
        }
        if (key.isEmpty()) {
            throw parseError();
        }
        return new Identifier(entity, key);
    }

    private static Entity entity(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "metric", "metrics" -> Entity.METRIC;
            case "param", "params", "parameter", "parameters" -> Entity.PARAMETER;
            case "tag", "tags" -> Entity.TAG;
            case "attribute", "attributes", "attr", "run" -> Entity.ATTRIBUTE;
            default -> throw MlflowError.invalidParameter("Invalid entity type '" + word
                    + "'. Valid values are ['metric', 'parameter', 'tag', 'attribute']");
        };
    }

    private String comparator() {
        if (atEnd()) {
            throw parseError();
        }
        for (var symbol : List.of("!=", ">=", "<=", "=", "<", ">")) {
            if (text.startsWith(symbol, position)) {
                position += symbol.length();
                return symbol;
            }
        }
        var word = word().toUpperCase(Locale.ROOT);
        if (word.isEmpty()) {
            int start = position;
            while (!atEnd() && !Character.isWhitespace(peek())) {
                position++;
            }
            word = text.substring(start, position);
        }
        if (word.equals("NOT")) {
            skipSpaces();
            var next = word().toUpperCase(Locale.ROOT);
            if (next.equals("IN") || next.equals("LIKE") || next.equals("ILIKE")) {
                return "NOT " + next;
            }
            throw parseError();
        }
        if (WORD_COMPARATORS.contains(word)) {
            return word;
        }
        throw MlflowError.invalidParameter("Invalid comparator '" + word + "' in filter '" + text + "'");
    }

    private Value value(String comparator) {
        if (atEnd()) {
            throw parseError();
        }
        char first = peek();
        if (first == '(') {
            position++;
            var items = new ArrayList<String>();
            while (true) {
                skipSpaces();
                if (atEnd() || (peek() != '\'' && peek() != '"')) {
                    throw MlflowError.invalidParameter("While parsing a list in the query, expected string value, "
                            + "punctuation, or whitespace, but got different type in list: '" + text + "'");
                }
                items.add(quoted(peek()));
                skipSpaces();
                if (!atEnd() && peek() == ',') {
                    position++;
                } else if (!atEnd() && peek() == ')') {
                    position++;
                    return new Value(null, false, items);
                } else {
                    throw parseError();
                }
            }
        }
        if (first == '\'' || first == '"') {
            return new Value(quoted(first), true, null);
        }
        int start = position;
        while (!atEnd() && !Character.isWhitespace(peek())) {
            position++;
        }
        return new Value(text.substring(start, position), false, null);
    }

    /** The text between {@code quote} and its closing twin (a doubled quote stands for itself). */
    private String quoted(char quote) {
        position++;
        var value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw parseError();
            }
            char c = text.charAt(position++);
            if (c == quote) {
                if (!atEnd() && peek() == quote) {
                    value.append(quote);
                    position++;
                    continue;
                }
                return value.toString();
            }
            value.append(c);
        }
    }

    private String word() {
        int start = position;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            position++;
        }
        return text.substring(start, position);
    }

    private void skipSpaces() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            position++;
        }
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return text.charAt(position);
    }

    private MlflowError parseError() {
        return MlflowError.invalidParameter("Error on parsing filter '" + text + "'");
    }
}
