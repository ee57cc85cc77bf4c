package dev.converge.portal.sandbox.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.converge.portal.sandbox.mlflow.SearchFilter.Clause;
import dev.converge.portal.sandbox.mlflow.SearchFilter.Entity;

/**
 * Turns MLflow filters and {@code order_by} items into SQL for one searchable kind (runs, experiments, registered
 * models, model versions): which attributes it has, where its tags live, whether it has metrics and params. Every
 * value is a bind parameter; keys and comparators come from fixed sets, so nothing of the filter reaches the SQL text.
 */
final class SearchSql {

    static final Set<String> NUMERIC_COMPARATORS = Set.of("=", "!=", "<", "<=", ">", ">=");
    static final Set<String> STRING_COMPARATORS = Set.of("=", "!=", "LIKE", "ILIKE");
    static final Set<String> ID_COMPARATORS = Set.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");

    /** A searchable column: its SQL, whether it holds numbers, and the comparators MLflow allows on it. */
    record Attribute(String column, boolean numeric, Set<String> comparators) {
        static Attribute text(String column) {
            return new Attribute(column, false, STRING_COMPARATORS);
        }

        static Attribute id(String column) {
            return new Attribute(column, false, ID_COMPARATORS);
        }

        static Attribute number(String column) {
            return new Attribute(column, true, NUMERIC_COMPARATORS);
        }
    }

    /**
     * One searchable kind. Its tags are rows of {@code tagTable} (columns {@code tag_key}, {@code tag_value}) that
     * {@code tagOwner} ties to the searched row, with {@code %s} for the tag table's alias; {@code runKey} is the run
     * id column when the kind has metrics and params (runs), else null.
     */
    record Kind(Map<String, Attribute> attributes, String tagTable, String tagOwner, String runKey) {
        String tagJoin(String alias) {
            return tagTable + " " + alias + " ON " + tagOwner.formatted(alias) + " AND " + alias + ".tag_key = ?";
        }
    }

    /** LEFT JOINs bringing in the sort values (with their bind values) and the ORDER BY list. */
    record Ordering(String joins, List<Object> joinArgs, String orderBy) {
    }

    /** SQL to append: the text and its bind values in order. */
    record Fragment(String sql, List<Object> args) {
    }

    private SearchSql() {
    }

    /** {@code AND ...} conditions for the filter's clauses (empty when there are none). */
    static Fragment where(Kind kind, List<Clause> clauses) {
        var sql = new StringBuilder();
        var args = new ArrayList<>();
        for (var clause : clauses) {
            sql.append(" AND ");
            switch (clause.entity()) {
                case METRIC -> {
                    requireRuns(kind, clause.entity());
                    var value = number(clause, "metric");
                    requireComparator(clause, NUMERIC_COMPARATORS);
                    sql.append("EXISTS (SELECT 1 FROM mlflow_latest_metrics m WHERE m.run_uuid = ")
                            .append(kind.runKey()).append(" AND m.metric_key = ? AND m.metric_value ")
                            .append(clause.comparator().equals("!=") ? "<>" : clause.comparator()).append(" ?)");
                    args.add(clause.key());
                    args.add(value);
                }
                case PARAMETER -> {
                    requireRuns(kind, clause.entity());
                    var value = string(clause, "Parameter");
                    requireComparator(clause, STRING_COMPARATORS);
                    sql.append("EXISTS (SELECT 1 FROM mlflow_params p WHERE p.run_uuid = ").append(kind.runKey())
                            .append(" AND p.param_key = ? AND ").append(compare("p.param_value", clause.comparator()))
                            .append(")");
                    args.add(clause.key());
                    args.add(value);
                }
                case TAG -> {
                    var value = string(clause, "Tag");
                    requireComparator(clause, STRING_COMPARATORS);
                    sql.append("EXISTS (SELECT 1 FROM ").append(kind.tagTable()).append(" t WHERE ")
                            .append(kind.tagOwner().formatted("t")).append(" AND t.tag_key = ? AND ")
                            .append(compare("t.tag_value", clause.comparator())).append(")");
                    args.add(clause.key());
                    args.add(value);
                }
                case ATTRIBUTE -> attribute(kind, clause, sql, args);
            }
        }
        return new Fragment(sql.toString(), args);
    }

    private static void attribute(Kind kind, Clause clause, StringBuilder sql, List<Object> args) {
        var attribute = attributeOf(kind, clause.key());
        requireComparator(clause, attribute.comparators());
        if (clause.comparator().endsWith("IN")) {
            if (!clause.value().isList() || clause.value().list().isEmpty()) {
                throw MlflowError.invalidParameter("While parsing a list in the query, expected a non-empty list "
                        + "of string values, but got ill-formed list for '" + clause.key() + "'");
            }
            sql.append(attribute.column()).append(clause.comparator().equals("IN") ? " IN (" : " NOT IN (")
                    .append(String.join(", ", clause.value().list().stream().map(item -> "?").toList())).append(")");
            args.addAll(clause.value().list());
        } else if (attribute.numeric()) {
            sql.append(attribute.column()).append(' ')
                    .append(clause.comparator().equals("!=") ? "<>" : clause.comparator()).append(" ?");
            args.add((long) number(clause, "attribute").doubleValue());
        } else {
            sql.append(compare(attribute.column(), clause.comparator()));
            args.add(string(clause, "Attribute"));
        }
    }

    /**
     * The joins and ORDER BY expressions for the {@code order_by} items, then {@code tieBreak}. Join aliases are
     * {@code o0, o1, ...}.
     */
    static Ordering orderBy(Kind kind, List<String> items, String tieBreak) {
        var joins = new StringBuilder();
        var joinArgs = new ArrayList<>();
        var order = new StringBuilder();
        int index = 0;
        for (var item : items) {
            if (item == null || item.isBlank()) {
                continue;
            }
            var clause = SearchFilter.parseOrderBy(item);
            var identifier = clause.identifier();
            var alias = "o" + index++;
            String column;
            switch (identifier.entity()) {
                case METRIC -> {
                    requireRuns(kind, identifier.entity());
                    joins.append(" LEFT JOIN mlflow_latest_metrics ").append(alias).append(" ON ").append(alias)
                            .append(".run_uuid = ").append(kind.runKey()).append(" AND ").append(alias)
                            .append(".metric_key = ?");
                    column = alias + ".metric_value";
                }
                case PARAMETER -> {
                    requireRuns(kind, identifier.entity());
                    joins.append(" LEFT JOIN mlflow_params ").append(alias).append(" ON ").append(alias)
                            .append(".run_uuid = ").append(kind.runKey()).append(" AND ").append(alias)
                            .append(".param_key = ?");
                    column = alias + ".param_value";
                }
                case TAG -> {
                    joins.append(" LEFT JOIN ").append(kind.tagJoin(alias));
                    column = alias + ".tag_value";
                }
                default -> column = attributeOf(kind, identifier.key()).column();
            }
            if (identifier.entity() != Entity.ATTRIBUTE) {
                joinArgs.add(identifier.key());
            }
            // MLflow puts runs without the value last in either direction
            order.append(order.isEmpty() ? "" : ", ").append("CASE WHEN ").append(column)
                    .append(" IS NULL THEN 1 ELSE 0 END, ").append(column).append(clause.ascending() ? " ASC" : " DESC");
        }
        order.append(order.isEmpty() ? "" : ", ").append(tieBreak);
        return new Ordering(joins.toString(), joinArgs, order.toString());
    }

    private static Attribute attributeOf(Kind kind, String key) {
        var attribute = kind.attributes().get(key);
        if (attribute == null) {
            throw MlflowError.invalidParameter("Invalid attribute key '" + key + "' specified. Valid keys are '"
                    + new TreeSet<>(kind.attributes().keySet()) + "'");
        }
        return attribute;
    }

    private static void requireRuns(Kind kind, Entity entity) {
        if (kind.runKey() == null) {
            throw MlflowError.invalidParameter("Invalid entity type '" + entity.name().toLowerCase(Locale.ROOT)
                    + "'. Valid values are ['tag', 'attribute']");
        }
    }

    private static void requireComparator(Clause clause, Set<String> allowed) {
        if (!allowed.contains(clause.comparator())) {
            throw MlflowError.invalidParameter("Invalid comparator '" + clause.comparator() + "' not one of '"
                    + new TreeSet<>(allowed) + "'");
        }
    }

    private static Double number(Clause clause, String what) {
        var value = clause.value();
        if (value.isList() || value.quoted()) {
            throw MlflowError.invalidParameter("Expected numeric value type for " + what + ". Found "
                    + (value.isList() ? value.list() : "'" + value.text() + "'"));
        }
        try {
            return Double.parseDouble(value.text());
        } catch (NumberFormatException e) {
            throw MlflowError.invalidParameter("Expected numeric value type for " + what + ". Found "
                    + value.text());
        }
    }

    private static String string(Clause clause, String what) {
        var value = clause.value();
        if (value.isList() || !value.quoted()) {
            throw MlflowError.invalidParameter(what + " value is either not quoted or unidentified quote types "
                    + "used for string value " + (value.isList() ? value.list() : value.text())
                    + ". Use either single or double quotes.");
        }
        return value.text();
    }

    private static String compare(String column, String comparator) {
        return switch (comparator) {
            case "LIKE" -> column + " LIKE ?";
            case "ILIKE" -> "LOWER(" + column + ") LIKE LOWER(?)";
            case "!=" -> column + " <> ?";
            default -> column + " = ?";
        };
    }
}
