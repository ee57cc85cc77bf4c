package dev.converge.portal.sandbox.mlflow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What the stores share: SQL access in transactions, and MLflow's JSON building blocks. */
final class TrackingDatabase {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    TrackingDatabase(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    void inTransaction(Runnable work) {
        transactions.executeWithoutResult(status -> work.run());
    }

    /** {@code ?, ?, ?} for {@code count} values. */
    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    static Object[] args(Collection<?> first, Collection<?>... more) {
        var all = new ArrayList<Object>(first);
        for (var values : more) {
            all.addAll(values);
        }
        return all.toArray();
    }

    /** {@code [{"key": k, "value": v}, ...]} as MLflow writes tags and params. */
    static ArrayNode keyValues(List<String[]> pairs) {
        var array = JSON.arrayNode();
        for (var pair : pairs) {
            array.add(JSON.objectNode().put("key", pair[0]).put("value", pair[1]));
        }
        return array;
    }

    /** MLflow's JSON leaves out empty lists (protobuf default values). */
    static void putUnlessEmpty(ObjectNode node, String field, ArrayNode values) {
        if (!values.isEmpty()) {
            node.set(field, values);
        }
    }

    /** MLflow's name, key and value checks, with its wording. */
    static void validateKey(String what, String key) {
        if (key == null || key.isEmpty()) {
            throw MlflowError.missing("key");
        }
        if (key.length() > 250) {
            throw MlflowError.invalidParameter("'" + what + "' exceeds the maximum length of 250 characters");
        }
        if (key.contains("..") || key.startsWith("/") || !key.matches("[\\w\\-. /]+")) {
            throw MlflowError.invalidParameter("Invalid value \"" + key + "\" for parameter 'key' supplied: Names "
                    + "may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and "
                    + "slashes (/).");
        }
    }

    static void validateLength(String parameter, String value, int limit) {
        if (value != null && value.length() > limit) {
            throw MlflowError.invalidParameter("'" + parameter + "' exceeds the maximum length of " + limit
                    + " characters");
        }
    }
}
