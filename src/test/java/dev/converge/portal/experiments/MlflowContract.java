package dev.converge.portal.experiments;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.converge.portal.platform.mlflow.MlflowRun;
import dev.converge.portal.platform.mlflow.MlflowSeeder;
import dev.converge.portal.security.ConfiguredUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MLflow manager's contract, for any MLflow-compatible tracking server: every page and its JSON twin, MLflow's
 * page tokens, and the errors a user can cause. It seeds its own experiments (names unique per run) through
 * mlflow-client, so it does not depend on what else the server holds. A subclass points
 * {@code portal.mlflow.tracking-uri} at its server (a {@code @DynamicPropertySource}) and answers
 * {@link #trackingUri()}: the documented-API stub ({@code MlflowStubContractIntegrationTests}), and the sandbox's
 * tracking server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MlflowContract {

    protected static final String XSS = "<script>alert(1)</script>";

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected ConfiguredUsers users;

    protected final JsonMapper json = JsonMapper.builder().build();
    protected final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    protected String experimentId;
    protected final List<String> runIds = new ArrayList<>();
    protected String durationsId;
    protected String modelName;
    protected String version;

    /** The tracking server the portal under test reads. */
    protected abstract URI trackingUri();

    @BeforeAll
    void seed() {
        try (var seeder = new MlflowSeeder(trackingUri())) {
            experimentId = seeder.experiment(prefix + "-main");
            seeder.experiment(prefix + "-second");
            seeder.experiment(prefix + "-third");
            long start = 1_700_000_000_000L;
            runIds.add(seeder.run(experimentId, "low", start, Map.of("optimizer", "sgd", "lr", "0.1"),
                    Map.of("accuracy", 0.71, "loss", 0.9), 20, Map.of("team", "vision")));
            runIds.add(seeder.run(experimentId, "high", start + 1_000, Map.of("optimizer", "adam", "lr", "0.1"),
                    Map.of("accuracy", 0.93, "loss", 0.2), 20,
                    Map.of(MlflowRun.DEPLOYMENT_TAG, "vision/" + prefix)));
            runIds.add(seeder.run(experimentId, XSS, start + 2_000, Map.of("optimizer", "adam", "lr", "0.01"),
                    Map.of("accuracy", 0.85, "loss", 0.4), 20, Map.of()));
            // durations 5 min, 1 min, 20 min, and one still running (the longest: since 2023); starts in another order
            durationsId = seeder.experiment("durations-" + UUID.randomUUID());
            seeder.timedRun(durationsId, "five", start, start + 300_000);
            seeder.timedRun(durationsId, "one", start + 10_000, start + 70_000);
            seeder.timedRun(durationsId, "twenty", start + 20_000, start + 1_220_000);
            seeder.timedRun(durationsId, "running", start + 30_000, null);
            modelName = prefix + "-model";
            seeder.model(modelName);
            version = seeder.version(modelName, "s3://artifacts/teams/vision/" + prefix + "/model.onnx",
                    runIds.get(1));
            seeder.alias(modelName, "champion", version);
        }
    }

    protected ResultActions page(String user, String path, Object... params) throws Exception {
        return mvc.perform(withParams(get(path), params).with(signedInAs(users, user)).accept(MediaType.TEXT_HTML));
    }

    protected ResultActions api(String user, String path, Object... params) throws Exception {
        return mvc.perform(withParams(get(path), params).with(signedInAs(users, user))
                .accept(MediaType.APPLICATION_JSON));
    }

    protected JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder withParams(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, Object... params) {
        for (int i = 0; i + 1 < params.length; i += 2) {
            request.param((String) params[i], String.valueOf(params[i + 1]));
        }
        return request;
    }

    @Test
    void theExperimentsListFindsByNameAndPagesWithTokens() throws Exception {
        var first = body(api("viewer", "/mlflow/experiments", "q", prefix, "size", 2).andExpect(status().isOk()));
        assertThat(first.get("items")).hasSize(2);
        var token = first.get("nextPageToken").asString();
        var second = body(api("viewer", "/mlflow/experiments", "q", prefix, "size", 2, "pageToken", token)
                .andExpect(status().isOk()));
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("nextPageToken").isNull()).isTrue();
        var names = new ArrayList<String>();
        first.get("items").forEach(e -> names.add(e.get("name").asString()));
        second.get("items").forEach(e -> names.add(e.get("name").asString()));
        assertThat(names).containsExactlyInAnyOrder(prefix + "-main", prefix + "-second", prefix + "-third");
        page("viewer", "/mlflow/experiments", "q", prefix).andExpect(status().isOk())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains(prefix + "-main"));
    }

    @Test
    void theLifecycleFilterChoosesActiveDeletedOrAll() throws Exception {
        var deleted = body(api("viewer", "/mlflow/experiments", "q", prefix, "lifecycle", "deleted")
                .andExpect(status().isOk()));
        assertThat(deleted.get("items")).isEmpty();
        api("viewer", "/mlflow/experiments", "lifecycle", "sideways").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.lifecycle").exists());
    }

    @Test
    void aPageTokenFromAnotherSearchIsRefusedInWords() throws Exception {
        var token = body(api("viewer", "/mlflow/experiments", "q", prefix, "size", 1)).get("nextPageToken")
                .asString();
        api("viewer", "/mlflow/experiments/" + experimentId, "pageToken", token)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.pageToken").value(org.hamcrest.Matchers.containsString("another search")));
        api("viewer", "/mlflow/experiments", "q", prefix + "x", "size", 1, "pageToken", token)
                .andExpect(status().isBadRequest());
        api("viewer", "/mlflow/experiments", "pageToken", "garbage").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.pageToken").exists());
    }

    @Test
    void theRunsTableSortsByAMetricAndPages() throws Exception {
        var best = body(api("viewer", "/mlflow/experiments/" + experimentId, "sort", "metrics.accuracy",
                "dir", "desc", "size", 2).andExpect(status().isOk()));
        assertThat(best.get("runs")).hasSize(2);
        assertThat(best.get("runs").get(0).get("name").asString()).isEqualTo("high");
        assertThat(best.get("runs").get(1).get("name").asString()).isEqualTo(XSS);
        var rest = body(api("viewer", "/mlflow/experiments/" + experimentId, "sort", "metrics.accuracy",
                "dir", "desc", "size", 2, "pageToken", best.get("nextPageToken").asString()));
        assertThat(rest.get("runs").get(0).get("name").asString()).isEqualTo("low");
        var ascending = body(api("viewer", "/mlflow/experiments/" + experimentId, "sort", "params.optimizer",
                "dir", "asc"));
        assertThat(ascending.get("runs").get(2).get("params").get("optimizer").asString()).isEqualTo("sgd");
        assertThat(rest.get("availableColumns").toString()).contains("metrics.accuracy", "params.lr", "tags.team");
    }

    @Test
    void theRunsTableSortsByDurationAndPagesThroughIt() throws Exception {
        var longest = body(api("viewer", "/mlflow/experiments/" + durationsId, "sort", "duration", "dir", "desc",
                "size", 2).andExpect(status().isOk()));
        assertThat(names(longest)).containsExactly("running", "twenty");
        var rest = body(api("viewer", "/mlflow/experiments/" + durationsId, "sort", "duration", "dir", "desc",
                "size", 2, "pageToken", longest.get("nextPageToken").asString()).andExpect(status().isOk()));
        assertThat(names(rest)).containsExactly("five", "one");
        assertThat(rest.get("nextPageToken").isNull()).isTrue();
        var shortest = body(api("viewer", "/mlflow/experiments/" + durationsId, "sort", "duration", "dir", "asc"));
        assertThat(names(shortest)).containsExactly("one", "five", "twenty", "running");
        // the filter narrows what is sorted; a token of the descending order is refused for the ascending one
        var filtered = body(api("viewer", "/mlflow/experiments/" + durationsId, "sort", "duration", "dir", "asc",
                "filter", "attributes.status = 'FINISHED'"));
        assertThat(names(filtered)).containsExactly("one", "five", "twenty");
        api("viewer", "/mlflow/experiments/" + durationsId, "sort", "duration", "dir", "asc", "size", 2,
                "pageToken", longest.get("nextPageToken").asString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.pageToken").exists());
        var html = page("viewer", "/mlflow/experiments/" + durationsId, "sort", "duration", "dir", "desc")
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("aria-sort=\"descending\"", "sort=duration&amp;dir=asc");
        api("viewer", "/mlflow/experiments/" + durationsId, "sort", "duration", "filter", "metrics.x >>> 1")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.filter").isNotEmpty());
    }

    @Test
    void everyColumnOfTheTableSortsBothWays() throws Exception {
        // the order descending where the seeded runs differ (names: '<' sorts before letters)
        Map<String, List<String>> expected = Map.of(
                "run_name", List.of("low", "high", XSS),
                "status", List.of(),
                "start_time", List.of(XSS, "high", "low"),
                "end_time", List.of(XSS, "high", "low"),
                "user_id", List.of(),
                "duration", List.of(),
                "metrics.loss", List.of("low", XSS, "high"),
                "params.lr", List.of(),
                "params.optimizer", List.of(),
                "tags.team", List.of());
        for (var column : expected.keySet()) {
            for (var dir : List.of("asc", "desc")) {
                var table = body(api("viewer", "/mlflow/experiments/" + experimentId, "sort", column, "dir", dir)
                        .andExpect(status().isOk()));
                assertThat(table.get("runs")).as(column + " " + dir).hasSize(3);
                if (!expected.get(column).isEmpty() && dir.equals("desc")) {
                    assertThat(names(table)).as(column).containsExactlyElementsOf(expected.get(column));
                }
            }
            if (column.equals("end_time")) {
                continue; // sortable through the API; the table shows the duration instead of the end
            }
            var html = page("viewer", "/mlflow/experiments/" + experimentId, "sort", column, "columns",
                    "metrics.loss", "columns", "params.lr", "columns", "params.optimizer", "columns", "tags.team")
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            // the column's header is a sort link, marked as the sorted one
            assertThat(html).as(column).containsPattern("aria-sort=\"descending\">\\s*<a href=\"[^\"]*sort="
                    + java.util.regex.Pattern.quote(column) + "&amp;dir=asc");
        }
    }

    private static List<String> names(JsonNode table) {
        var names = new ArrayList<String>();
        table.get("runs").forEach(run -> names.add(run.get("name").asString()));
        return names;
    }

    @Test
    void theRunsPageShowsChosenColumnsAndEscapesRunNames() throws Exception {
        var html = page("viewer", "/mlflow/experiments/" + experimentId, "columns", "params.optimizer")
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("optimizer", "adam", "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain(XSS).doesNotContain(">loss<");
    }

    @Test
    void aFilterPassesThroughAndAMalformedOneIsExplainedBesideTheBox() throws Exception {
        var filtered = body(api("viewer", "/mlflow/experiments/" + experimentId, "filter",
                "metrics.accuracy > 0.8 and params.optimizer = 'adam'"));
        assertThat(filtered.get("runs")).hasSize(2);
        var html = page("viewer", "/mlflow/experiments/" + experimentId, "filter", "metrics.accuracy >>> 1")
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("id=\"filter-error\"", "MLflow could not use this filter", "metrics.accuracy &gt;&gt;&gt; 1");
        api("viewer", "/mlflow/experiments/" + experimentId, "filter", "metrics.accuracy >>> 1")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.filter").isNotEmpty());
        api("viewer", "/mlflow/experiments/" + experimentId, "sort", "nonsense")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.sort").isNotEmpty());
    }

    @Test
    void unknownIdsAreNotFoundAndHostileOnesRefused() throws Exception {
        api("viewer", "/mlflow/experiments/987654321").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("987654321")));
        page("viewer", "/mlflow/experiments/987654321").andExpect(status().isNotFound());
        api("viewer", "/mlflow/runs/0123456789abcdef0123456789abcdef").andExpect(status().isNotFound());
        api("viewer", "/mlflow/runs/%2e%2e").andExpect(status().is4xxClientError());
        api("viewer", "/mlflow/runs/" + "a".repeat(65)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.runId").exists());
        api("viewer", "/mlflow/models/" + modelName + "/versions/1.5").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.version").exists());
        api("viewer", "/mlflow/experiments", "q", "x".repeat(201)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.q").exists());
        api("viewer", "/mlflow/models/no-such-model-" + prefix).andExpect(status().isNotFound());
    }

    @Test
    void aRunShowsParamsMetricsTagsArtifactsAndHistories() throws Exception {
        var run = body(api("viewer", "/mlflow/runs/" + runIds.get(1)).andExpect(status().isOk()));
        assertThat(run.get("run").get("params").get("optimizer").asString()).isEqualTo("adam");
        assertThat(run.get("histories").get("accuracy")).hasSize(20);
        assertThat(run.get("deployment").get("name").asString()).isEqualTo(prefix);
        var html = page("viewer", "/mlflow/runs/" + runIds.get(1)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(html).contains("data-metric=\"accuracy\"", "chart.umd.js",
                "/assets/js/mlflow-charts", "href=\"/deployments/vision/" + prefix + "\"")
                .doesNotContain("<script>alert");
    }

    @Test
    void comparingRunsOverlaysHistoriesAndMarksWhatDiffers() throws Exception {
        var ids = runIds.get(0) + "," + runIds.get(1);
        var comparison = body(api("viewer", "/mlflow/compare", "runs", ids).andExpect(status().isOk()));
        assertThat(comparison.get("runs")).hasSize(2);
        var params = new java.util.HashMap<String, Boolean>();
        comparison.get("params").forEach(row -> params.put(row.get("key").asString(), row.get("differs").asBoolean()));
        assertThat(params).containsEntry("optimizer", true).containsEntry("lr", false);
        assertThat(comparison.get("histories").get("loss").get(runIds.get(0))).hasSize(20);
        page("viewer", "/mlflow/compare", "runs", ids).andExpect(status().isOk())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("class=\"differs\""));
        api("viewer", "/mlflow/compare", "runs", runIds.get(0)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.runs").exists());
        api("viewer", "/mlflow/compare", "runs", String.join(",", java.util.Collections.nCopies(11, "a"))
                .replaceAll("a", "x")).andExpect(status().isBadRequest());
        api("viewer", "/mlflow/compare").andExpect(status().isBadRequest());
    }

    @Test
    void theRegistryShowsModelsVersionsAliasesAndTheProducingRun() throws Exception {
        var models = body(api("viewer", "/mlflow/models", "q", prefix).andExpect(status().isOk()));
        assertThat(models.get("items").get(0).get("name").asString()).isEqualTo(modelName);
        var model = body(api("viewer", "/mlflow/models/" + modelName).andExpect(status().isOk()));
        assertThat(model.get("versions").get(0).get("runId").asString()).isEqualTo(runIds.get(1));
        assertThat(model.get("model").get("aliases").get("champion").asString()).isEqualTo(version);
        var detail = body(api("viewer", "/mlflow/models/" + modelName + "/versions/" + version)
                .andExpect(status().isOk()));
        assertThat(detail.get("modelUri").asString()).endsWith("/model.onnx");
        page("viewer", "/mlflow/models").andExpect(status().isOk());
        page("viewer", "/mlflow/models/" + modelName).andExpect(status().isOk());
        var viewerPage = page("viewer", "/mlflow/models/" + modelName + "/versions/" + version)
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(viewerPage).contains("/mlflow/runs/" + runIds.get(1)).doesNotContain("id=\"deploy-version\"");
        var developerPage = page("dev", "/mlflow/models/" + modelName + "/versions/" + version)
                .andReturn().getResponse().getContentAsString();
        assertThat(developerPage).contains("id=\"deploy-version\"", "mlflowModel=" + modelName + "/" + version);
    }

    @Test
    void theRunsOfADeploymentAreFoundByTheirTag() throws Exception {
        var runs = body(api("viewer", "/mlflow/deployments/vision/" + prefix + "/runs").andExpect(status().isOk()));
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("id").asString()).isEqualTo(runIds.get(1));
        page("viewer", "/mlflow/deployments/vision/" + prefix + "/runs").andExpect(status().isOk());
        api("viewer", "/mlflow/deployments/Vision/x/runs").andExpect(status().isBadRequest());
    }

    @Test
    void readinessReportsMlflow() throws Exception {
        mvc.perform(get("/readiness").with(signedInAs(users, "admin")).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.components.mlflow.status").value("UP"));
    }
}
