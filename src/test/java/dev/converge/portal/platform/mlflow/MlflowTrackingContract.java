package dev.converge.portal.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract an MLflow tracking server keeps with the portal: what {@code mlflow-client} (and MLflow's Python
 * client, which uses the same REST calls) sends and expects, per MLflow's REST API documentation. A subclass names
 * the server ({@link #trackingUri()}); the suite writes its own experiments, runs and models (names unique per
 * suite run), so it needs a server that keeps state: the sandbox tracking server, or a real MLflow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MlflowTrackingContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected MlflowClient client;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String suite = "contract-" + Long.toString(System.currentTimeMillis(), 36);

    /** The {@code MLFLOW_TRACKING_URI} of the server under test, such as {@code http://127.0.0.1:5000}. */
    protected abstract String trackingUri();

    /** Connects at the first test, after the subclass's own {@code @BeforeAll} has started its server. */
    @BeforeEach
    void connect() {
        if (client == null) {
            client = new MlflowClient(trackingUri());
        }
    }

    @AfterAll
    void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    // ---- experiments ----

    @Test
    void anExperimentIsCreatedAndReadByIdAndByName() {
        var name = unique("experiment");
        var id = client.createExperiment(name);

        var experiment = client.getExperiment(id);
        assertThat(experiment.getExperimentId()).isEqualTo(id);
        assertThat(experiment.getName()).isEqualTo(name);
        assertThat(experiment.getLifecycleStage()).isEqualTo("active");
        assertThat(experiment.getArtifactLocation()).isNotEmpty();
        assertThat(experiment.getCreationTime()).isPositive();
        assertThat(client.getExperimentByName(name)).hasValueSatisfying(
                found -> assertThat(found.getExperimentId()).isEqualTo(id));
        assertThat(client.getExperimentByName(unique("absent"))).isEmpty();
    }

    @Test
    void aSecondExperimentOfTheSameNameIsRefused() {
        var name = unique("experiment");
        client.createExperiment(name);

        assertMlflowError(() -> client.createExperiment(name), 400, "RESOURCE_ALREADY_EXISTS", name);
    }

    @Test
    void anUnknownExperimentIsNotFound() {
        assertMlflowError(() -> client.getExperiment("987654321"), 404, "RESOURCE_DOES_NOT_EXIST", "987654321");
    }

    @Test
    void anExperimentIsRenamedDeletedAndRestoredAndSearchesSeeItsLifecycle() {
        var id = client.createExperiment(unique("experiment"));
        var renamed = unique("renamed");
        client.renameExperiment(id, renamed);
        assertThat(client.getExperiment(id).getName()).isEqualTo(renamed);

        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        var filter = "name = '" + renamed + "'";
        assertThat(experimentIds(filter, ViewType.ACTIVE_ONLY)).isEmpty();
        assertThat(experimentIds(filter, ViewType.DELETED_ONLY)).containsExactly(id);
        assertThat(experimentIds(filter, ViewType.ALL)).containsExactly(id);

        client.restoreExperiment(id);
        assertThat(experimentIds(filter, ViewType.ACTIVE_ONLY)).containsExactly(id);
    }

    @Test
    void experimentsArePagedWithTokensInTheOrderAsked() {
        var prefix = unique("paged");
        var ids = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.createExperiment(prefix + "-" + i));
        }

        var page = client.searchExperiments("name LIKE '" + prefix + "-%'", ViewType.ACTIVE_ONLY, 2,
                List.of("name DESC"));
        var seen = new ArrayList<String>();
        int pages = 0;
        while (true) {
            pages++;
            page.getItems().forEach(experiment -> seen.add(experiment.getExperimentId()));
            if (!page.hasNextPage()) {
                break;
            }
            page = (org.mlflow.tracking.ExperimentsPage) page.getNextPage();
        }
        assertThat(pages).isEqualTo(3);
        java.util.Collections.reverse(ids);
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void anInvalidExperimentFilterIsRefusedWithMlflowsMessage() {
        assertMlflowError(() -> client.searchExperiments("nickname = 'x'"), 400, "INVALID_PARAMETER_VALUE",
                "Invalid attribute key 'nickname'");
    }

    // ---- runs ----

    @Test
    void aRunKeepsItsParamsMetricsAndTags() {
        var experimentId = client.createExperiment(unique("runs"));
        var runId = client.createRun(experimentId).getRunId();
        client.logParam(runId, "lr", "0.01");
        client.logMetric(runId, "loss", 0.9, 1_000, 0);
        client.logMetric(runId, "loss", 0.5, 2_000, 1);
        client.logMetric(runId, "loss", 0.7, 1_500, 0);
        client.setTag(runId, "team", "vision");
        client.setTag(runId, "temporary", "x");
        client.deleteTag(runId, "temporary");
        client.logBatch(runId, List.of(Metric.newBuilder().setKey("accuracy").setValue(0.8).setTimestamp(3_000)
                        .setStep(1).build()),
                List.of(Param.newBuilder().setKey("optimizer").setValue("adam").build()),
                List.of(RunTag.newBuilder().setKey("stage").setValue("dev").build()));
        client.setTerminated(runId, RunStatus.FINISHED, 9_000);

        Run run = client.getRun(runId);
        assertThat(run.getInfo().getRunId()).isEqualTo(runId);
        assertThat(run.getInfo().getExperimentId()).isEqualTo(experimentId);
        assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.getInfo().getEndTime()).isEqualTo(9_000);
        assertThat(run.getInfo().getLifecycleStage()).isEqualTo("active");
        assertThat(run.getData().getParamsList()).extracting(Param::getKey, Param::getValue)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("lr", "0.01"),
                        org.assertj.core.groups.Tuple.tuple("optimizer", "adam"));
        assertThat(run.getData().getMetricsList()).extracting(Metric::getKey, Metric::getValue, Metric::getStep)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("loss", 0.5, 1L),
                        org.assertj.core.groups.Tuple.tuple("accuracy", 0.8, 1L));
        assertThat(run.getData().getTagsList()).extracting(RunTag::getKey)
                .contains("team", "stage").doesNotContain("temporary");
        assertThat(client.getMetricHistory(runId, "loss")).extracting(Metric::getValue)
                .containsExactly(0.9, 0.7, 0.5);
    }

    @Test
    void aParamCannotChangeAndADeletedRunTakesNoData() {
        var runId = client.createRun(client.createExperiment(unique("runs"))).getRunId();
        client.logParam(runId, "lr", "0.01");
        client.logParam(runId, "lr", "0.01");

        assertMlflowError(() -> client.logParam(runId, "lr", "0.02"), 400, "INVALID_PARAMETER_VALUE",
                "Changing param values is not allowed");
        client.deleteRun(runId);
        assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("deleted");
        assertMlflowError(() -> client.logMetric(runId, "loss", 1.0), 400, "INVALID_PARAMETER_VALUE",
                "must be in the 'active' state");
        client.restoreRun(runId);
        client.logMetric(runId, "loss", 1.0);
        assertThat(client.getRun(runId).getData().getMetricsCount()).isEqualTo(1);
    }

    @Test
    void anUnknownRunIsNotFound() {
        assertMlflowError(() -> client.getRun("0123456789abcdef0123456789abcdef"), 404, "RESOURCE_DOES_NOT_EXIST",
                "0123456789abcdef0123456789abcdef");
        assertMlflowError(() -> client.logParam("0123456789abcdef0123456789abcdef", "a", "b"), 404,
                "RESOURCE_DOES_NOT_EXIST", "not found");
    }

    @Test
    void runsAreFilteredByMetricsParamsTagsAndAttributes() {
        var experimentId = client.createExperiment(unique("search"));
        var a = run(experimentId, "alpha", 0.91, "adam", "vision");
        var b = run(experimentId, "beta", 0.75, "sgd", "language");
        var c = run(experimentId, "gamma", 0.60, "adamw", "Vision-2");
        client.setTerminated(c);

        assertThat(runIds(experimentId, "metrics.accuracy > 0.7", List.of())).containsExactlyInAnyOrder(a, b);
        assertThat(runIds(experimentId, "metrics.accuracy >= 0.75 AND params.optimizer = 'sgd'", List.of()))
                .containsExactly(b);
        assertThat(runIds(experimentId, "metrics.accuracy != 0.75", List.of())).containsExactlyInAnyOrder(a, c);
        assertThat(runIds(experimentId, "metrics.accuracy <= 0.6", List.of())).containsExactly(c);
        assertThat(runIds(experimentId, "params.optimizer LIKE 'adam%'", List.of())).containsExactlyInAnyOrder(a, c);
        assertThat(runIds(experimentId, "params.optimizer != 'adam'", List.of())).containsExactlyInAnyOrder(b, c);
        assertThat(runIds(experimentId, "tags.team ILIKE 'vision%'", List.of())).containsExactlyInAnyOrder(a, c);
        assertThat(runIds(experimentId, "tags.team = \"language\"", List.of())).containsExactly(b);
        assertThat(runIds(experimentId, "attributes.status = 'FINISHED'", List.of())).containsExactly(c);
        assertThat(runIds(experimentId, "attributes.run_name = 'beta'", List.of())).containsExactly(b);
        assertThat(runIds(experimentId, "attributes.run_id IN ('" + a + "', '" + c + "')", List.of()))
                .containsExactlyInAnyOrder(a, c);
        assertThat(runIds(experimentId, "attributes.start_time > 0 and metrics.`accuracy` < 0.8", List.of()))
                .containsExactlyInAnyOrder(b, c);
    }

    @Test
    void runsAreSortedByAMetricWithRunsLackingItLast() {
        var experimentId = client.createExperiment(unique("sort"));
        var low = run(experimentId, "low", 0.2, "sgd", "vision");
        var high = run(experimentId, "high", 0.9, "sgd", "vision");
        var none = client.createRun(experimentId).getRunId();

        assertThat(runIds(experimentId, "", List.of("metrics.accuracy DESC"))).containsExactly(high, low, none);
        assertThat(runIds(experimentId, "", List.of("metrics.accuracy ASC"))).containsExactly(low, high, none);
        assertThat(runIds(experimentId, "", List.of("params.optimizer", "attributes.run_name DESC")))
                .containsExactly(low, high, none);
        assertThat(runIds(experimentId, "", List.of("attributes.start_time ASC"))).containsExactly(low, high, none);
    }

    @Test
    void pagesSortedByAMetricCrossFromRunsWithItToRunsWithout() {
        var experimentId = client.createExperiment(unique("metric-pages"));
        var withMetric = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            withMetric.add(0, run(experimentId, "with-" + i, i / 10.0, i % 2 == 0 ? "sgd" : "adam", "vision"));
        }
        var without = new ArrayList<String>();
        for (int i = 0; i < 4; i++) {
            // newest first among runs without the metric: distinct starts, in order
            without.add(0, client.createRun(org.mlflow.api.proto.Service.CreateRun.newBuilder()
                    .setExperimentId(experimentId).setStartTime(System.currentTimeMillis() + NAMES.incrementAndGet())
                    .build()).getRunId());
        }
        var expected = new ArrayList<>(withMetric);
        expected.addAll(without);
        for (int size : new int[] {1, 2, 3, 4, 5, 9, 10}) {
            assertThat(allPages(experimentId, "", size)).as("pages of %d", size).containsExactlyElementsOf(expected);
        }
        assertThat(allPages(experimentId, "params.optimizer = 'sgd'", 2))
                .containsExactly(withMetric.get(0), withMetric.get(2), withMetric.get(4));
    }

    private List<String> allPages(String experimentId, String filter, int size) {
        var seen = new ArrayList<String>();
        org.mlflow.tracking.Page<Run> page = client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY,
                size, List.of("metrics.accuracy DESC"));
        while (true) {
            page.getItems().forEach(run -> seen.add(run.getInfo().getRunId()));
            if (!page.hasNextPage()) {
                return seen;
            }
            page = page.getNextPage();
        }
    }

    @Test
    void runsArePagedWithTokensAndATokenFromAnotherQueryIsRefused() {
        var experimentId = client.createExperiment(unique("paging"));
        var created = new HashSet<String>();
        for (int i = 0; i < 7; i++) {
            created.add(run(experimentId, "run-" + i, i / 10.0, "sgd", "vision"));
        }

        var first = client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 3,
                List.of("metrics.accuracy DESC"));
        var seen = new ArrayList<String>();
        org.mlflow.tracking.Page<Run> page = first;
        while (true) {
            page.getItems().forEach(run -> seen.add(run.getInfo().getRunId()));
            if (!page.hasNextPage()) {
                break;
            }
            page = page.getNextPage();
        }
        assertThat(seen).hasSize(7).containsExactlyInAnyOrderElementsOf(created);

        var token = first.getNextPageToken().orElseThrow();
        assertMlflowError(() -> client.searchRuns(List.of(experimentId), "metrics.accuracy > 0",
                ViewType.ACTIVE_ONLY, 3, List.of("metrics.accuracy DESC"), token), 400, "INVALID_PARAMETER_VALUE",
                "page token");
        assertMlflowError(() -> client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 3,
                List.of("metrics.accuracy DESC"), "not a token!"), 400, "INVALID_PARAMETER_VALUE", "page token");
    }

    @Test
    void deletedRunsAreFoundOnlyWhenAsked() {
        var experimentId = client.createExperiment(unique("views"));
        var kept = client.createRun(experimentId).getRunId();
        var deleted = client.createRun(experimentId).getRunId();
        client.deleteRun(deleted);

        assertThat(runIds(experimentId, "", List.of(), ViewType.ACTIVE_ONLY)).containsExactly(kept);
        assertThat(runIds(experimentId, "", List.of(), ViewType.DELETED_ONLY)).containsExactly(deleted);
        assertThat(runIds(experimentId, "", List.of(), ViewType.ALL)).containsExactlyInAnyOrder(kept, deleted);
    }

    @Test
    void invalidRunFiltersAreRefusedWithMlflowsMessages() {
        var experimentId = client.createExperiment(unique("invalid"));
        assertInvalidFilter(experimentId, "metric.accuracy > 'high'", "Expected numeric value type for metric");
        assertInvalidFilter(experimentId, "params.optimizer = adam", "not quoted");
        assertInvalidFilter(experimentId, "params.optimizer > 'adam'", "Invalid comparator '>'");
        assertInvalidFilter(experimentId, "model.accuracy > 1", "Invalid entity type 'model'");
        assertInvalidFilter(experimentId, "attributes.colour = 'red'", "Invalid attribute key 'colour'");
        assertInvalidFilter(experimentId, "metrics.accuracy > 0.5 OR metrics.loss < 1", "Invalid clause(s)");
        assertInvalidFilter(experimentId, "metrics.accuracy >", "Error on parsing filter");
        assertMlflowError(() -> client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 10,
                List.of("metrics.accuracy SIDEWAYS")), 400, "INVALID_PARAMETER_VALUE", "Invalid order_by clause");
    }

    @Test
    void metricHistoryIsPagedInStepOrder() throws Exception {
        var runId = client.createRun(client.createExperiment(unique("history"))).getRunId();
        for (int step = 4; step >= 0; step--) {
            client.logMetric(runId, "loss", step / 10.0, 1_000 + step, step);
        }

        var first = get("metrics/get-history?run_id=" + runId + "&metric_key=loss&max_results=2");
        assertThat(first.statusCode()).isEqualTo(200);
        var body = JSON.readTree(first.body());
        assertThat(body.get("metrics")).hasSize(2);
        assertThat(body.get("metrics").get(0).get("step").asLong()).isZero();
        var token = body.get("next_page_token").asString();
        var rest = JSON.readTree(get("metrics/get-history?run_id=" + runId + "&metric_key=loss&max_results=10"
                + "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).body());
        assertThat(rest.get("metrics")).extracting(metric -> metric.get("step").asLong()).containsExactly(2L, 3L, 4L);
        assertThat(rest.has("next_page_token")).isFalse();
        assertThat(client.getMetricHistory(runId, "loss")).hasSize(5);
    }

    /**
     * Through REST: {@code MlflowClient.listArtifacts} reads an {@code s3://} artifact store with MLflow's Python CLI,
     * not through the tracking server.
     */
    @Test
    void theArtifactListOfARunAnswers() throws Exception {
        var run = client.createRun(client.createExperiment(unique("artifacts")));

        var listing = JSON.readTree(client.sendGet("artifacts/list?run_id=" + run.getRunId()));
        assertThat(listing.get("root_uri").asString()).isEqualTo(run.getArtifactUri());
        assertThat(listing.has("files")).isFalse();
    }

    // ---- model registry ----

    @Test
    void registeredModelsVersionsAndAliasesAreKept() throws Exception {
        var name = unique("model");
        var runId = client.createRun(client.createExperiment(unique("registry"))).getRunId();
        client.sendPost("registered-models/create", "{\"name\": \"" + name + "\", \"description\": \"first\"}");
        for (int version = 1; version <= 2; version++) {
            var created = JSON.readTree(client.sendPost("model-versions/create", "{\"name\": \"" + name
                    + "\", \"source\": \"s3://models/" + name + "/v" + version + "\", \"run_id\": \"" + runId + "\"}"));
            assertThat(created.get("model_version").get("version").asString()).isEqualTo(Integer.toString(version));
        }
        client.sendPost("registered-models/alias", "{\"name\": \"" + name + "\", \"alias\": \"champion\", "
                + "\"version\": \"1\"}");

        var model = client.getRegisteredModel(name);
        assertThat(model.getDescription()).isEqualTo("first");
        assertThat(model.getAliasesList()).singleElement().satisfies(alias -> {
            assertThat(alias.getAlias()).isEqualTo("champion");
            assertThat(alias.getVersion()).isEqualTo("1");
        });
        var version = client.getModelVersion(name, "1");
        assertThat(version.getSource()).isEqualTo("s3://models/" + name + "/v1");
        assertThat(version.getRunId()).isEqualTo(runId);
        assertThat(version.getAliasesList()).containsExactly("champion");
        assertThat(client.getLatestVersions(name)).extracting(v -> v.getVersion()).containsExactly("2");
        assertThat(client.searchModelVersions("name = '" + name + "'").getItems()).extracting(v -> v.getVersion())
                .containsExactlyInAnyOrder("1", "2");
        assertThat(client.getModelVersionDownloadUri(name, "2")).isEqualTo("s3://models/" + name + "/v2");
        var byAlias = JSON.readTree(client.sendGet("registered-models/alias?name=" + encode(name)
                + "&alias=champion"));
        assertThat(byAlias.get("model_version").get("version").asString()).isEqualTo("1");

        client.sendPatch("registered-models/update", "{\"name\": \"" + name + "\", \"description\": \"second\"}");
        client.sendPatch("model-versions/update", "{\"name\": \"" + name + "\", \"version\": \"2\", "
                + "\"description\": \"better\"}");
        assertThat(client.getRegisteredModel(name).getDescription()).isEqualTo("second");
        assertThat(client.getModelVersion(name, "2").getDescription()).isEqualTo("better");

        assertThat(send("DELETE", "registered-models/alias", "{\"name\": \"" + name + "\", \"alias\": \"champion\"}")
                .statusCode()).isEqualTo(200);
        assertThat(client.getRegisteredModel(name).getAliasesCount()).isZero();
        assertThat(send("DELETE", "model-versions/delete", "{\"name\": \"" + name + "\", \"version\": \"1\"}")
                .statusCode()).isEqualTo(200);
        assertMlflowError(() -> client.getModelVersion(name, "1"), 404, "RESOURCE_DOES_NOT_EXIST", name);
        assertThat(send("DELETE", "registered-models/delete", "{\"name\": \"" + name + "\"}").statusCode())
                .isEqualTo(200);
        assertMlflowError(() -> client.getRegisteredModel(name), 404, "RESOURCE_DOES_NOT_EXIST", name);
    }

    @Test
    void registryErrorsUseMlflowsCodes() {
        var name = unique("model");
        client.sendPost("registered-models/create", "{\"name\": \"" + name + "\"}");

        assertMlflowError(() -> client.sendPost("registered-models/create", "{\"name\": \"" + name + "\"}"), 400,
                "RESOURCE_ALREADY_EXISTS", name);
        assertMlflowError(() -> client.sendPost("registered-models/alias", "{\"name\": \"" + name + "\", "
                + "\"alias\": \"champion\", \"version\": \"7\"}"), 404, "RESOURCE_DOES_NOT_EXIST", "version=7");
        assertMlflowError(() -> client.sendGet("registered-models/alias?name=" + encode(name) + "&alias=nobody"),
                400, "INVALID_PARAMETER_VALUE", "alias nobody not found");
        assertMlflowError(() -> client.getModelVersion(name, "x"), 400, "INVALID_PARAMETER_VALUE", "version");
        assertMlflowError(() -> client.getLatestVersions(unique("absent")), 404, "RESOURCE_DOES_NOT_EXIST",
                "not found");
    }

    @Test
    void registeredModelsAreSearchedAndPaged() throws Exception {
        var prefix = unique("search-models");
        for (int i = 0; i < 3; i++) {
            client.sendPost("registered-models/create", "{\"name\": \"" + prefix + "-" + i + "\"}");
        }

        var first = JSON.readTree(client.sendGet("registered-models/search?filter="
                + encode("name LIKE '" + prefix + "-%'") + "&max_results=2"));
        assertThat(first.get("registered_models")).extracting(model -> model.get("name").asString())
                .containsExactly(prefix + "-0", prefix + "-1");
        var second = JSON.readTree(client.sendGet("registered-models/search?filter="
                + encode("name LIKE '" + prefix + "-%'") + "&max_results=2&page_token="
                + encode(first.get("next_page_token").asString())));
        assertThat(second.get("registered_models")).extracting(model -> model.get("name").asString())
                .containsExactly(prefix + "-2");
        assertThat(second.has("next_page_token")).isFalse();
    }

    // ---- the wire: error JSON, paths, methods ----

    @Test
    void errorsAreMlflowJson() throws Exception {
        var missing = get("runs/get?run_id=ffffffffffffffffffffffffffffffff");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        var body = JSON.readTree(missing.body());
        assertThat(body.get("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(body.get("message").asString()).isNotBlank();

        var noParameter = JSON.readTree(get("experiments/get").body());
        assertThat(noParameter.get("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(noParameter.get("message").asString()).contains("experiment_id");

        var badJson = send("POST", "experiments/create", "{\"name\": ");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badJson.body()).has("error_code")).isTrue();

        var badFilter = send("POST", "runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"metrics.a ~ 1\"}");
        assertThat(badFilter.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badFilter.body()).get("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");

        var wrongType = send("POST", "runs/log-metric", "{\"run_id\": \"x\", \"key\": \"a\", \"value\": \"high\", "
                + "\"timestamp\": 1}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
    }

    @Test
    void theAjaxPrefixServesTheSameApi() throws Exception {
        var name = unique("ajax");
        var id = client.createExperiment(name);

        var response = http.send(HttpRequest.newBuilder(URI.create(trackingUri() + "/ajax-api/2.0/mlflow/"
                + "experiments/get?experiment_id=" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("experiment").get("name").asString()).isEqualTo(name);
    }

    @Test
    void anUnknownEndpointOrMethodIsRefused() throws Exception {
        assertThat(get("experiments/teleport").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "experiments/get", "{}").statusCode()).isEqualTo(405);
    }

    // ---- helpers ----

    protected String unique(String what) {
        return suite + "-" + what + "-" + NAMES.incrementAndGet();
    }

    private String run(String experimentId, String name, double accuracy, String optimizer, String team) {
        var runId = client.createRun(org.mlflow.api.proto.Service.CreateRun.newBuilder()
                .setExperimentId(experimentId).setRunName(name)
                .setStartTime(System.currentTimeMillis() + NAMES.incrementAndGet()).build()).getRunId();
        client.logMetric(runId, "accuracy", accuracy);
        client.logParam(runId, "optimizer", optimizer);
        client.setTag(runId, "team", team);
        return runId;
    }

    private List<String> runIds(String experimentId, String filter, List<String> orderBy) {
        return runIds(experimentId, filter, orderBy, ViewType.ACTIVE_ONLY);
    }

    private List<String> runIds(String experimentId, String filter, List<String> orderBy, ViewType view) {
        return client.searchRuns(List.of(experimentId), filter, view, 1000, orderBy).getItems().stream()
                .map(run -> run.getInfo().getRunId()).toList();
    }

    private List<String> experimentIds(String filter, ViewType view) {
        return client.searchExperiments(filter, view, 100, List.of()).getItems().stream()
                .map(experiment -> experiment.getExperimentId()).toList();
    }

    private void assertInvalidFilter(String experimentId, String filter, String message) {
        assertMlflowError(() -> client.searchRuns(List.of(experimentId), filter), 400, "INVALID_PARAMETER_VALUE",
                message);
    }

    protected static void assertMlflowError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status,
                                            String errorCode, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MlflowHttpException.class, error -> {
            assertThat(error.getStatusCode()).isEqualTo(status);
            JsonNode body = JSON.readTree(error.getBodyMessage());
            assertThat(body.get("error_code").asString()).isEqualTo(errorCode);
            assertThat(body.get("message").asString()).contains(messagePart);
        });
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(trackingUri() + "/api/2.0/mlflow/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(trackingUri() + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
