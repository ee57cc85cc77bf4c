package dev.converge.portal.cost;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.platform.kubernetes.PodUsage;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost feature on the sandbox cluster: pods the simulated scheduler placed, usage from the sandbox's
 * metrics.k8s.io, snapshots and budgets in the database, the role rules, and the JSON and pages.
 */
@SpringBootTest(properties = {"portal.sandbox.pod-start-delay=100ms", "portal.cost.sample-interval=0",
        "portal.cost.snapshot-interval=0"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CostIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    KubernetesCaches caches;

    @Autowired
    PodUsage usage;

    @Autowired
    CostJobs jobs;

    @Autowired
    CostHistory history;

    @Autowired
    CostAdvice advice;

    @Autowired
    AuditLog audit;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void cachesKnowTheNodes() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !caches.list(Node.class, null).isEmpty());
    }

    @Test
    void theQuoteOfTheIssueAtOpenCostsDefaults() throws Exception {
        var body = json("dev", post("/cost/estimate").contentType(MediaType.APPLICATION_JSON).content("""
                {"cpu": "4", "memory": "16Gi", "gpu": 1, "gpuType": "nvidia-l4", "zones": ["zone-a"]}"""), 200);
        assertThat(body.get("currency").asString()).isEqualTo("USD");
        assertThat(body.get("hourly").decimalValue()).isEqualByComparingTo("1.144");
        assertThat(body.get("monthly").decimalValue()).isEqualByComparingTo("835.12");
        assertThat(body.get("breakdown").propertyNames()).containsExactly("cpu", "memory", "gpu", "storage");
        assertThat(body.get("range").propertyNames()).containsExactly("min", "expected", "max");
        assertThat(body.has("cheapestZone")).isTrue();
        assertThat(body.propertyNames()).containsExactly("currency", "hourly", "daily", "monthly", "breakdown",
                "range", "cheapestZone");
    }

    /** Empty charts (bare axes, a legend over nothing) say less than a sentence; a running pod brings them. */
    @Test
    void theChartsAreASentenceUntilSomethingRunsInTheUsersTeams() throws Exception {
        var nothing = page("dev2", "/cost"); // team language: nothing deployed there in these tests
        assertThat(nothing).contains("id=\"cost-charts-empty\"", "Nothing runs in your teams&#39; namespaces yet")
                .doesNotContain("id=\"chart-team\"", "id=\"chart-gpu\"");
        createDeployment("dev", "charted", "\"replicas\": 1");
        await().atMost(Duration.ofSeconds(60)).until(() -> page("dev", "/cost").contains("id=\"chart-team\""));
        assertThat(page("dev", "/cost")).contains("id=\"chart-zone\"", "id=\"chart-gpu\"")
                .doesNotContain("cost-charts-empty");
    }

    @Test
    void badInputIsProblemJsonNamingTheFields() throws Exception {
        var result = mvc.perform(post("/cost/estimate").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON).content("""
                        {"cpu": "-4", "memory": "16", "gpu": 1, "gpuType": "tpu", "zones": ["../zone-a"],
                         "hoursPerDay": 0}""")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(result.getResponse().getContentAsString()).contains("\"cpu\"", "\"gpuType\"", "\"zones\"",
                "\"hoursPerDay\"").doesNotContain("Exception");
        var wrongType = mvc.perform(post("/cost/estimate").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .content("{\"cpu\": \"1\", \"memory\": \"1Gi\", \"replicas\": 1.5}")).andReturn();
        assertThat(wrongType.getResponse().getStatus()).isEqualTo(400);
        assertThat(wrongType.getResponse().getContentAsString()).contains("replicas");
        var period = mvc.perform(get("/cost/summary").param("groupBy", "team").param("from", "2026-11-30")
                .param("to", "2026-11-01").with(signedInAs(users, "lead")).accept(MediaType.APPLICATION_JSON))
                .andReturn();
        assertThat(period.getResponse().getStatus()).isEqualTo(400);
        assertThat(period.getResponse().getContentAsString()).contains("\"from\"");
        var grouping = mvc.perform(get("/cost/summary").param("groupBy", "<script>")
                .with(signedInAs(users, "lead")).accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(grouping.getResponse().getStatus()).isEqualTo(400);
        assertThat(grouping.getResponse().getContentAsString()).contains("\"groupBy\"").doesNotContain("<script>");
    }

    @Test
    void theRunRateOfADeploymentIsItsPodsRequestsAndUsageAtTheZonesRates() throws Exception {
        createDeployment("dev", "costed", """
                "replicas": 2, "resources": {"cpu": "1", "memory": "2Gi"},
                "zones": {"strategy": "single", "zones": ["zone-a"]}""");
        await().atMost(Duration.ofSeconds(60)).until(() -> caches.query(Pod.class).namespace("vision")
                .label("app.kubernetes.io/name", "costed").where(p -> "Running".equals(p.getStatus().getPhase()))
                .count() == 2);
        var reading = usage.refresh();
        var pods = caches.query(Pod.class).namespace("vision").label("app.kubernetes.io/name", "costed").list();
        double expected = 0;
        double idle = 0;
        for (var pod : pods) {
            var used = reading.of("vision", pod.getMetadata().getName()).orElseThrow();
            double cores = used.cpuMillis() / 1000d;
            double gib = used.memoryBytes() / (1024d * 1024 * 1024);
            // zone-a has the default rates: max(request, usage) × rate; idle = unused request × rate. The sandbox
            // does not taint its spot node (the last CPU node of the zone), so an on-demand pod may land there: it
            // then pays zone-a's spot rate, 60 % off (application.properties)
            double share = onSpotNode(pod) ? 0.4 : 1;
            expected += share * (Math.max(1, cores) * 0.031611 + Math.max(2, gib) * 0.004237);
            idle += share * (Math.max(0, 1 - cores) * 0.031611 + Math.max(0, 2 - gib) * 0.004237);
        }
        var summary = json("dev", get("/cost/summary").param("groupBy", "deployment"), 200);
        assertThat(summary.get("source").asString()).isEqualTo("run-rate");
        JsonNode costed = null;
        for (var group : summary.get("groups")) {
            if (group.get("key").asString().equals("vision/costed")) {
                costed = group;
            }
        }
        assertThat(costed).isNotNull();
        assertThat(costed.get("hourly").asDouble()).isCloseTo(expected, within(0.0001));
        assertThat(costed.get("idleHourly").asDouble()).isCloseTo(idle, within(0.0001));
        assertThat(costed.get("monthly").asDouble()).isCloseTo(expected * 730, within(0.1));
        // dev2 (team language) does not see vision's deployment
        var other = json("dev2", get("/cost/summary").param("groupBy", "deployment"), 200);
        assertThat(other.toString()).doesNotContain("vision/costed");
    }

    @Test
    void aSpotDeploymentRunsOnTheSandboxsSpotNodeAndCostsTheZonesSpotRateInTheSummaryAndTheSnapshot()
            throws Exception {
        createDeployment("dev", "spotted", """
                "replicas": 1, "capacity": "spot", "resources": {"cpu": "2", "memory": "4Gi"},
                "zones": {"strategy": "single", "zones": ["zone-a"]}""");
        await().atMost(Duration.ofSeconds(60)).until(() -> caches.query(Pod.class).namespace("vision")
                .label("app.kubernetes.io/name", "spotted").where(p -> "Running".equals(p.getStatus().getPhase()))
                .count() == 1);
        var pod = caches.query(Pod.class).namespace("vision").label("app.kubernetes.io/name", "spotted").list()
                .get(0);
        assertThat(onSpotNode(pod)).as("the spot node selector sent the pod to " + pod.getSpec().getNodeName())
                .isTrue();
        var used = usage.refresh().of("vision", pod.getMetadata().getName()).orElseThrow();
        double cores = used.cpuMillis() / 1000d;
        double gib = used.memoryBytes() / (1024d * 1024 * 1024);
        // zone-a's spot discount is 0.6 (application.properties): 40 % of the default rates, idle part included
        double hourly = 0.4 * (Math.max(2, cores) * 0.031611 + Math.max(4, gib) * 0.004237);
        double idle = 0.4 * (Math.max(0, 2 - cores) * 0.031611 + Math.max(0, 4 - gib) * 0.004237);

        var summary = json("dev", get("/cost/summary").param("groupBy", "deployment"), 200);
        JsonNode spotted = null;
        for (var group : summary.get("groups")) {
            if (group.get("key").asString().equals("vision/spotted")) {
                spotted = group;
            }
        }
        assertThat(spotted).isNotNull();
        assertThat(spotted.get("hourly").asDouble()).isCloseTo(hourly, within(0.0001));
        assertThat(spotted.get("idleHourly").asDouble()).isCloseTo(idle, within(0.0001));
        // the day's snapshot is written from the same run-rate
        jobs.snapshot();
        var today = LocalDate.now(ZoneOffset.UTC);
        var rows = history.snapshots(List.of("vision"), today, today).stream()
                .filter(r -> r.deployment().equals("spotted")).toList();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.hourly()).isCloseTo(hourly, within(0.0001));
            assertThat(row.idleHourly()).isCloseTo(idle, within(0.0001));
        });
    }

    @Test
    void snapshotsAreOnePerDayAndMakeTheTrendAndTheSummaryOfAPeriod() throws Exception {
        jobs.snapshot();
        jobs.snapshot();
        var today = LocalDate.now(ZoneOffset.UTC);
        var rows = history.snapshots(List.of("vision", "language"), today, today);
        var keys = rows.stream().map(r -> r.namespace() + r.deployment() + r.zone() + r.gpuType()).toList();
        assertThat(keys).doesNotHaveDuplicates();
        // a crafted earlier day
        history.writeSnapshot(today.minusDays(3), List.of(Allocation.of(new PodReading("vision", "vision", "old",
                "old-1", "zone-a", "", 2, 1, 4, 4, 0), CostFixtures.defaults().in("zone-a"))));
        var trend = history.trend(List.of("vision"), today.minusDays(29), today);
        assertThat(trend.get(0).day()).isEqualTo(today.minusDays(3));
        // 2 × 0.031611 + 4 × 0.004237 = 0.08017 per hour; × 24 = 1.92 per day; idle 1 core × 0.031611 × 24
        assertThat(trend.get(0).cost()).isCloseTo(1.92, within(0.01));
        assertThat(trend.get(0).idle()).isCloseTo(0.76, within(0.01));
        var period = json("lead", get("/cost/summary").param("groupBy", "deployment")
                .param("from", today.minusDays(3).toString()).param("to", today.minusDays(3).toString()), 200);
        assertThat(period.get("source").asString()).isEqualTo("snapshots");
        assertThat(period.get("cost").asDouble()).isCloseTo(1.92, within(0.01));
        assertThat(period.get("groups").get(0).get("key").asString()).isEqualTo("vision/old");
    }

    @Test
    void theSummaryOfAPeriodGroupsByRagModelFromTheSnapshots() throws Exception {
        var day = LocalDate.now(ZoneOffset.UTC).minusDays(40); // before the 30-day trend other tests read
        var zoneA = CostFixtures.defaults().in("zone-a");
        // a RAG runtime pod of vision/docs-qa: 1 core + 2 GiB = 0.031611 + 0.008474 = 0.040085 per hour
        history.writeSnapshot(day, List.of(
                Allocation.of(new PodReading("vision", "vision", "rag-docs-qa", "rag-docs-qa-1", "zone-a", "", 1, 1,
                        2, 2, 0, "docs-qa"), zoneA),
                Allocation.of(new PodReading("vision", "vision", "resnet", "resnet-1", "zone-a", "", 2, 2, 4, 4, 0),
                        zoneA)));
        var period = json("lead", get("/cost/summary").param("groupBy", "ragModel")
                .param("from", day.toString()).param("to", day.toString()), 200);
        assertThat(period.get("groupBy").asString()).isEqualTo("ragModel");
        var groups = period.get("groups");
        assertThat(groups.size()).isEqualTo(2);
        assertThat(groups.get(1).get("key").asString()).isEqualTo("vision/docs-qa");
        assertThat(groups.get(1).get("hourly").asDouble()).isCloseTo(0.040085, within(0.0001));
        // one day: 0.040085 × 24 = 0.96
        assertThat(groups.get(1).get("cost").asDouble()).isCloseTo(0.96, within(0.01));
        assertThat(groups.get(0).get("key").asString()).isEmpty();
        var csv = mvc.perform(get("/cost/export").param("groupBy", "ragModel").with(signedInAs(users, "lead")))
                .andReturn().getResponse();
        assertThat(csv.getStatus()).isEqualTo(200);
        assertThat(csv.getContentAsString()).startsWith("ragModel,hourly,idleHourly,monthly");
        var page = mvc.perform(get("/cost").param("groupBy", "ragModel").with(signedInAs(users, "lead")))
                .andReturn().getResponse();
        assertThat(page.getContentAsString()).contains("RAG model");
    }

    @Test
    void adminsSetBudgetsAuditedAndLeadsSeeTheBurnDevelopersDoNot() throws Exception {
        var month = LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7);
        var denied = mvc.perform(put("/cost/budgets/vision/" + month).with(signedInAs(users, "lead")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .content("{\"amount\": 100}")).andReturn();
        assertThat(denied.getResponse().getStatus()).isEqualTo(403);
        var bad = mvc.perform(put("/cost/budgets/vision/2026-13").with(signedInAs(users, "admin")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .content("{\"amount\": -5}")).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(bad.getResponse().getContentAsString()).contains("\"month\"", "\"amount\"");
        // a budget far below anything: the team is over it
        json("admin", put("/cost/budgets/language/" + month).contentType(MediaType.APPLICATION_JSON)
                .content("{\"amount\": 0.01}"), 200);
        json("admin", put("/cost/budgets/vision/" + month).contentType(MediaType.APPLICATION_JSON)
                .content("{\"amount\": 1000000}"), 200);
        assertThat(audit.search(new AuditQuery("admin", "cost.budget.set", null, 0, 10)))
                .extracting(e -> e.target()).contains("vision " + month, "language " + month);
        assertThat(audit.search(new AuditQuery("lead", "cost.budget.set", null, 0, 10)))
                .extracting(e -> e.outcome().name()).contains("DENIED");

        var budgets = json("lead", get("/cost/budgets"), 200);
        assertThat(budgets).hasSize(1);
        assertThat(budgets.get(0).get("team").asString()).isEqualTo("vision");
        assertThat(budgets.get(0).get("amount").asDouble()).isEqualTo(1000000);
        assertThat(budgets.get(0).get("forecast").asDouble()).isGreaterThanOrEqualTo(budgets.get(0).get("spent")
                .asDouble());
        var forDev = mvc.perform(get("/cost/budgets").with(signedInAs(users, "dev")).accept(MediaType.APPLICATION_JSON))
                .andReturn();
        assertThat(forDev.getResponse().getStatus()).isEqualTo(403);

        var devPage = page("dev", "/cost");
        assertThat(devPage).contains("id=\"cost-stats\"").doesNotContain("id=\"cost-budgets\"");
        var leadPage = page("lead", "/cost");
        assertThat(leadPage).contains("id=\"cost-budgets\"", "id=\"budget-vision\"").doesNotContain("budget-language",
                "id=\"budget-form\"");
        assertThat(page("admin", "/cost")).contains("id=\"budget-form\"", "id=\"budget-language\"");
    }

    @Test
    void viewersSeeNoCostFiguresAndOnlyAdminsTheCatalog() throws Exception {
        assertThat(status("viewer", get("/cost").accept(MediaType.TEXT_HTML))).isEqualTo(403);
        assertThat(status("viewer", get("/cost/summary").accept(MediaType.APPLICATION_JSON))).isEqualTo(403);
        assertThat(status("lead", get("/cost/catalog").accept(MediaType.TEXT_HTML))).isEqualTo(403);
        var catalog = page("admin", "/cost/catalog");
        assertThat(catalog).contains("0.031611", "0.004237", "0.95", "0.00005479452", "zone-c", "0.0285");
        // the estimator is a calculator: every signed-in user may use it
        assertThat(status("viewer", get("/cost/estimate").param("cpu", "1").param("memory", "1Gi")
                .accept(MediaType.TEXT_HTML))).isEqualTo(200);
    }

    @Test
    void theEstimatePageShowsTheQuoteOrTheFieldErrors() throws Exception {
        var quote = page("dev", "/cost/estimate?cpu=4&memory=16Gi&gpu=1&gpuType=nvidia-l4&zones=zone-a");
        assertThat(quote).contains("id=\"quote-hourly\"", "1.144 USD", "835.12 USD");
        var invalid = page("dev", "/cost/estimate?cpu=abc&memory=16Gi&hoursPerDay=25&replicas=1.5");
        assertThat(invalid).contains("must be a CPU quantity above zero", "must be above 0 and at most 24",
                "must be a whole number from 1 to 500").doesNotContain("id=\"quote-hourly\"");
    }

    @Test
    void theDeploymentFormsLiveQuoteComparesWithTheBudgetLeft() throws Exception {
        var month = LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7);
        json("admin", put("/cost/budgets/vision/" + month).contentType(MediaType.APPLICATION_JSON)
                .content("{\"amount\": 1000000}"), 200);
        var fragment = mvc.perform(post("/cost/quote").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).header("HX-Request", "true")
                .param("namespace", "vision").param("cpu", "4").param("memory", "16Gi").param("gpu", "0")
                .param("replicas", "1").param("strategy", "single").param("zones", "zone-a"))
                .andReturn().getResponse().getContentAsString();
        // 4 × 0.031611 + 16 × 0.004237 = 0.194236 → 0.194 per hour, 141.62 per month
        assertThat(fragment).contains("0.194 USD per hour", "141.62 USD per month", "id=\"quote-budget\"")
                .doesNotContain("quote-over-budget");
        // the same on spot in zone-a (60 % off): 0.194236 × 0.4 = 0.0776944 → 0.078 per hour; within the working
        // hours (10 h a day, 5 days a week): 0.078 × 730 = 56.94; × 10/24 = 23.725; × 5/7 = 16.946 → 16.95 a month
        var parttime = mvc.perform(post("/cost/quote").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).header("HX-Request", "true")
                .param("namespace", "vision").param("cpu", "4").param("memory", "16Gi").param("gpu", "0")
                .param("replicas", "1").param("strategy", "single").param("zones", "zone-a")
                .param("capacity", "spot").param("schedule", "working-hours"))
                .andReturn().getResponse().getContentAsString();
        assertThat(parttime).contains("0.078 USD per hour", "16.95 USD per month", "spot=true", "hoursPerDay=10.0",
                "daysPerWeek=5");
        json("admin", put("/cost/budgets/vision/" + month).contentType(MediaType.APPLICATION_JSON)
                .content("{\"amount\": 0.01}"), 200);
        var over = mvc.perform(post("/cost/quote").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).header("HX-Request", "true")
                .param("namespace", "vision").param("cpu", "4").param("memory", "16Gi"))
                .andReturn().getResponse().getContentAsString();
        assertThat(over).contains("id=\"quote-over-budget\"");
        // something runs in vision, so its forecast passes the tiny budget
        createDeployment("dev", "budgeted", "\"replicas\": 1, \"resources\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> caches.query(Pod.class).namespace("vision")
                .label("app.kubernetes.io/name", "budgeted").where(p -> p.getSpec().getNodeName() != null).count() == 1);
        assertThat(page("lead", "/")).contains("id=\"home-costs\"", "id=\"home-over-budget-vision\"");
        assertThat(page("dev", "/")).doesNotContain("id=\"home-costs\"");
        var waiting = mvc.perform(post("/cost/quote").with(signedInAs(users, "dev")).with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).param("cpu", "").param("memory", "1Gi"))
                .andReturn().getResponse().getContentAsString();
        assertThat(waiting).contains("id=\"quote-waiting\"");
        var form = page("dev", "/deployments/new");
        assertThat(form).contains("id=\"cost-quote\"", "hx-post=\"/cost/quote\"");
    }

    @Test
    void theCsvExportHasOneLinePerGroup() throws Exception {
        var result = mvc.perform(get("/cost/export").param("groupBy", "zone").with(signedInAs(users, "lead")))
                .andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("text/csv");
        assertThat(result.getResponse().getContentAsString()).startsWith("zone,hourly,idleHourly,monthly\n");
    }

    @Test
    void theSamplingJobComputesTheAdviceAndAViewOnlyReadsIt() throws Exception {
        jobs.sample();
        assertThat(advice.computedAt()).isNotNull();
        // Views recompute nothing, and a replica that does not sample recomputes only when the table holds newer
        // samples. (A deployment another test changed may recompute the advice in between: tried until a round
        // without one; views that recomputed would fail every round.)
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var computedAt = advice.computedAt();
            page("lead", "/cost");
            json("lead", get("/cost/recommendations"), 200);
            advice.refreshIfNewerSamples();
            return computedAt.equals(advice.computedAt());
        });
    }

    @Test
    void aRecommendationOpensTheEditFormPrefilledWithoutChangingAnything() throws Exception {
        createDeployment("dev", "prefill", "\"replicas\": 1, \"resources\": {\"cpu\": \"2\", \"memory\": \"4Gi\"}");
        var form = page("dev", "/deployments/vision/prefill/edit?cpu=250m&memory=512Mi&zone=zone-b");
        assertThat(form).contains("value=\"250m\"", "value=\"512Mi\"");
        var detail = json("dev", get("/deployments/vision/prefill"), 200);
        assertThat(detail.toString()).contains("\"cpu\":\"2\"");
    }

    /** Whether the sandbox node the pod runs on is one of its spot nodes (by the label the sandbox puts on them). */
    private boolean onSpotNode(Pod pod) {
        var node = caches.get(Node.class, null, pod.getSpec().getNodeName()).orElseThrow();
        return "spot".equals(node.getMetadata().getLabels().get("karpenter.sh/capacity-type"));
    }

    private void createDeployment(String user, String name, String extra) throws Exception {
        var result = mvc.perform(post("/deployments").with(signedInAs(users, user)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON).content("""
                        {"namespace": "vision", "name": "%s", "image": "registry.local/vision/server:1.0",
                         "protocol": "openai", "port": 8080, %s}""".formatted(name, extra))).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
    }

    private JsonNode json(String user, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder
            request, int status) throws Exception {
        MvcResult result = mvc.perform(request.with(signedInAs(users, user)).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
        return json.readTree(result.getResponse().getContentAsString());
    }

    private String page(String user, String path) throws Exception {
        var result = mvc.perform(get(path).with(signedInAs(users, user)).accept(MediaType.TEXT_HTML)).andReturn();
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private int status(String user, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder
            request) throws Exception {
        return mvc.perform(request.with(signedInAs(users, user))).andReturn().getResponse().getStatus();
    }
}
