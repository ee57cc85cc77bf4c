package dev.converge.portal.sandbox.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import dev.converge.portal.sandbox.mlflow.SearchFilter.Entity;
import dev.converge.portal.sandbox.mlflow.SearchSql.Attribute;
import org.junit.jupiter.api.Test;

/** MLflow's filter syntax, parsed, and what reaches SQL of it (values only as bind parameters). */
class SearchFilterTests {

    private static final SearchSql.Kind RUNS = new SearchSql.Kind(Map.of("status", Attribute.text("r.status"),
            "run_id", Attribute.id("r.run_uuid"), "start_time", Attribute.number("r.start_time")),
            "mlflow_run_tags", "%s.run_uuid = r.run_uuid", "r.run_uuid");

    @Test
    void clausesJoinedByAndWithQuotedKeysAndValues() {
        var clauses = SearchFilter.parse("metrics.`val loss` <= 0.5 and params.\"model name\" = 'it''s' "
                + "AND tags.team ILIKE \"vis%\" AND run_id IN ('a', 'b') AND status != 'FAILED'");

        assertThat(clauses).extracting(SearchFilter.Clause::entity, SearchFilter.Clause::key,
                SearchFilter.Clause::comparator).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Entity.METRIC, "val loss", "<="),
                org.assertj.core.groups.Tuple.tuple(Entity.PARAMETER, "model name", "="),
                org.assertj.core.groups.Tuple.tuple(Entity.TAG, "team", "ILIKE"),
                org.assertj.core.groups.Tuple.tuple(Entity.ATTRIBUTE, "run_id", "IN"),
                org.assertj.core.groups.Tuple.tuple(Entity.ATTRIBUTE, "status", "!="));
        assertThat(clauses.get(1).value().text()).isEqualTo("it's");
        assertThat(clauses.get(3).value().list()).containsExactly("a", "b");
        assertThat(SearchFilter.parse("  ")).isEmpty();
    }

    @Test
    void valuesBecomeBindParametersNeverSqlText() {
        var where = SearchSql.where(RUNS, SearchFilter.parse(
                "params.model = 'x'' OR 1=1 --' AND tags.`a'b` LIKE '%' AND start_time > 5"));

        assertThat(where.sql()).doesNotContain("OR 1=1", "a'b");
        assertThat(where.args()).containsExactly("model", "x' OR 1=1 --", "a'b", "%", 5L);
    }

    @Test
    void malformedFiltersAreRefusedWithMlflowsWording() {
        assertRefused("metrics.loss", "Error on parsing filter");
        assertRefused("metrics.loss < 1 OR metrics.loss > 2", "Invalid clause(s) in filter string");
        assertRefused("params.model = 'unterminated", "Error on parsing filter");
        assertRefused("datasets.name = 'x'", "Invalid entity type 'datasets'");
        assertRefused("metrics.loss ~ 1", "Invalid comparator '~'");
        assertRefused("status IN ()", "expected string value");
    }

    @Test
    void typesAndComparatorsAreCheckedPerEntity() {
        assertSqlRefused("metrics.loss < 'low'", "Expected numeric value type for metric");
        assertSqlRefused("tags.team = vision", "Tag value is either not quoted");
        assertSqlRefused("params.lr >= '0.1'", "Invalid comparator '>='");
        assertSqlRefused("status > 'A'", "Invalid comparator '>'");
        assertSqlRefused("colour = 'red'", "Invalid attribute key 'colour'");
        assertThatThrownBy(() -> SearchSql.where(new SearchSql.Kind(Map.of(), "t", "%s.x = m.x", null),
                SearchFilter.parse("metrics.loss < 1"))).hasMessageContaining("Invalid entity type 'metric'");
    }

    @Test
    void orderByTakesADirectionOrNothing() {
        assertThat(SearchFilter.parseOrderBy("metrics.`f1 score` DESC").identifier().key()).isEqualTo("f1 score");
        assertThat(SearchFilter.parseOrderBy("start_time").ascending()).isTrue();
        assertThatThrownBy(() -> SearchFilter.parseOrderBy("metrics.loss DOWN"))
                .hasMessageContaining("Invalid order_by clause 'metrics.loss DOWN'");
        assertThat(SearchSql.orderBy(RUNS, List.of("metrics.loss DESC"), "r.run_uuid").joinArgs())
                .containsExactly("loss");
    }

    private static void assertRefused(String filter, String message) {
        assertThatThrownBy(() -> SearchFilter.parse(filter)).isInstanceOfSatisfying(MlflowError.class, error -> {
            assertThat(error.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
            assertThat(error.getMessage()).contains(message);
        });
    }

    private static void assertSqlRefused(String filter, String message) {
        assertThatThrownBy(() -> SearchSql.where(RUNS, SearchFilter.parse(filter)))
                .isInstanceOf(MlflowError.class).hasMessageContaining(message);
    }
}
