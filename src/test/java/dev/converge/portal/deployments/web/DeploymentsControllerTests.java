package dev.converge.portal.deployments.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.converge.portal.deployments.DeploymentAccessDenied;
import dev.converge.portal.deployments.DeploymentAlreadyExists;
import dev.converge.portal.deployments.DeploymentChanged;
import dev.converge.portal.deployments.DeploymentLogs;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentSummary;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.deployments.InvalidDeployment;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.platform.kubernetes.cache.ResultPage;
import dev.converge.portal.shared.web.WebSliceConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest({DeploymentsApiController.class, DeploymentsPageController.class})
@Import({WebSliceConfiguration.class, DeploymentRows.class, LiveFragments.class})
@ActiveProfiles("test")
@WithMockUser(roles = "DEVELOPER")
class DeploymentsControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    DeploymentViews views;

    @MockitoBean
    DeploymentManager deployments;

    @MockitoBean
    DeploymentLogs logs;

    @MockitoBean
    Zones zones;

    @BeforeEach
    void cluster() {
        given(zones.names()).willReturn(new TreeSet<>(List.of("zone-a", "zone-b")));
        given(views.list(any(), any())).willReturn(new ResultPage<>(
                List.of(DeploymentMother.summary("vision", "resnet", "Progressing")), 0, 20, 1, 1));
        given(views.room(any())).willReturn(new TreeMap<>(Map.of("zone-a", 12, "zone-b", 0)));
        given(views.previewYaml(any(), any())).willReturn("apiVersion: apps/v1\nkind: Deployment\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theListIsAPageOrTheHtmxResultsWithLiveRows(boolean htmx) throws Exception {
        var request = get("/deployments").accept(MediaType.TEXT_HTML);
        if (htmx) {
            request.header("HX-Request", "true");
        }
        mvc.perform(request)
                .andExpect(status().isOk())
                .andExpect(view().name(htmx ? "deployments/fragments :: results" : "deployments/list"))
                .andExpect(content().string(containsString("sse-swap=\"deployment-row-vision-resnet\"")))
                .andExpect(content().string(containsString("1/2")))
                .andExpect(content().string(htmx ? not(containsString("<nav class=\"nav\""))
                        : containsString("sse-connect=\"/sse/stream?topics=deployments\"")));
    }

    /**
     * htmx 2 sets no Accept header of its own (see htmx.js in the webjar), so its XHR carries the browser's default
     * {@code Accept: *}{@code /*}; a filter, search or sort must still swap in the results, never the JSON page.
     */
    @ParameterizedTest
    @ValueSource(strings = {"*/*", "", "application/json", "text/html, */*"})
    void htmxFilteringSearchingAndSortingGetsTheResultsFragmentWhateverItAccepts(String accept) throws Exception {
        var request = get("/deployments?namespace=vision&zone=zone-a&status=Ready&q=res&sort=-name")
                .header("HX-Request", "true");
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
        }
        mvc.perform(request)
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("text/html")))
                .andExpect(view().name("deployments/fragments :: results"))
                .andExpect(content().string(containsString("sse-swap=\"deployment-row-vision-resnet\"")))
                .andExpect(content().string(not(containsString("\"items\""))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json, */*;q=0.5"})
    void jsonClientsStillGetTheJsonPage(String accept) throws Exception {
        mvc.perform(get("/deployments?q=res&sort=-name").header("Accept", accept))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("application/json")))
                .andExpect(jsonPath("$.items[0].name").value("resnet"));
    }

    @Test
    void rowsShowTheCurrentSummaryEscapedAndLinkToTheDetail() throws Exception {
        var hostile = new DeploymentSummary("vision", "resnet", 2, 2, "Ready", List.of("zone-b"),
                "registry.local/<script>alert(1)</script>:1", false, Instant.parse("2025-01-01T00:00:00Z"), "vision");
        mvc.perform(get("/deployments").accept(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("1/2")));
        given(views.list(any(), any())).willReturn(new ResultPage<>(List.of(hostile), 0, 20, 1, 1));

        mvc.perform(get("/deployments").accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("2/2")))
                .andExpect(content().string(not(containsString("1/2"))))
                .andExpect(content().string(containsString("zone-b")))
                .andExpect(content().string(containsString("&lt;script&gt;")))
                .andExpect(content().string(not(containsString("<script>alert"))))
                .andExpect(content().string(containsString("href=\"/deployments/vision/resnet\"")));
    }

    @Test
    void theListIsJsonForApiClients() throws Exception {
        mvc.perform(get("/deployments?namespace=vision&zone=zone-a&status=Ready&q=res&page=0&size=5")
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].name").value("resnet"))
                .andExpect(jsonPath("$.items[0].zones[0]").value("zone-a"))
                .andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void badJsonInputIsAProblemNamingEachField() throws Exception {
        given(deployments.create(any(), any())).willThrow(InvalidDeployment.fields(Map.of(
                "resources.cpu", "must be a CPU amount like 500m or 2, more than zero",
                "replicas", "must be between 0 and 100")));

        mvc.perform(post("/deployments").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON)
                        .content("{\"namespace\":\"vision\",\"name\":\"x\",\"resources\":{\"cpu\":\"two\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.errors['resources.cpu']").value(containsString("CPU amount")))
                .andExpect(jsonPath("$.errors.replicas").value(containsString("between 0 and 100")));
    }

    @Test
    void aDuplicateIsAConflictAndAnotherTeamsNamespaceForbidden() throws Exception {
        given(deployments.create(any(), any())).willThrow(DeploymentAlreadyExists.named("vision", "x"));
        mvc.perform(post("/deployments").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON).content("{\"namespace\":\"vision\",\"name\":\"x\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors.name").value(containsString("already exists")));

        willThrow(DeploymentAccessDenied.toChange("language")).given(deployments).create(any(), any());
        mvc.perform(post("/deployments").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON).content("{\"namespace\":\"language\",\"name\":\"x\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aStaleUpdateIsAConflictSayingWhatChanged() throws Exception {
        given(deployments.update(eq("vision"), eq("resnet"), any(), any())).willThrow(
                DeploymentChanged.since("vision", "resnet", List.of("replicas: 1 → 2"), "lead"));

        mvc.perform(put("/deployments/vision/resnet").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON).content("{\"resourceVersion\":\"7\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("replicas: 1 → 2")));
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        mvc.perform(post("/deployments/vision/resnet/scale").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON).content("{\"replicas\": \"two\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theFormShowsEachErrorBesideItsField() throws Exception {
        given(deployments.create(any(), any())).willThrow(InvalidDeployment.fields(Map.of(
                "resources.cpu", "must be a CPU amount like 500m or 2, more than zero",
                "zones.zones", "choose at least two different zones for a multi-zone deployment")));

        mvc.perform(post("/deployments").with(csrf()).accept(MediaType.TEXT_HTML)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "x").param("cpu", "two"))
                .andExpect(status().isOk())
                .andExpect(view().name("deployments/form"))
                .andExpect(content().string(containsString("id=\"cpu-error\"")))
                .andExpect(content().string(containsString("must be a CPU amount")))
                .andExpect(content().string(containsString("id=\"zones-error\"")));
    }

    @Test
    void theFormPreviewShowsTheObjectsAndTheRoomPerZone() throws Exception {
        mvc.perform(post("/deployments/preview").with(csrf()).header("HX-Request", "true")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "resnet").param("strategy", "multi")
                        .param("zones", "zone-a", "zone-b"))
                .andExpect(status().isOk())
                .andExpect(view().name("deployments/fragments :: preview"))
                .andExpect(content().string(containsString("spread evenly over zone-a, zone-b")))
                .andExpect(content().string(containsString("kind: Deployment")));
    }

    @Test
    void aPreviewThatCannotBeBuiltNamesTheFieldsItWaitsForWithLinksToThem() throws Exception {
        given(views.previewYaml(any(), any())).willReturn(null);
        given(views.previewProblems(any(), any())).willReturn(java.util.Optional.of(
                dev.converge.portal.deployments.InvalidDeployment.fields(new java.util.LinkedHashMap<>(Map.of(
                        "name", "give the deployment a name",
                        "resources.cpu", "must be a CPU amount like 500m or 2, more than zero")))));

        mvc.perform(post("/deployments/preview").with(csrf()).header("HX-Request", "true")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("cpu", "two"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"#name\"")))
                .andExpect(content().string(containsString("give the deployment a name")))
                .andExpect(content().string(containsString("href=\"#cpu\"")))
                .andExpect(content().string(containsString("CPU per replica")))
                .andExpect(content().string(not(containsString("??"))));
    }

    @Test
    void theEditFormShowsTheNamespaceAndNameReadOnlyAndPostsThem() throws Exception {
        given(views.specForEdit(eq("vision"), eq("resnet"), any())).willReturn(DeploymentMother.spec());

        mvc.perform(get("/deployments/vision/resnet/edit").accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*<input type=\"text\" readonly[^>]*id=\"name\"[^>]*value=\"resnet\".*")))
                .andExpect(content().string(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*<input type=\"text\" readonly[^>]*id=\"namespace\"[^>]*value=\"vision\".*")))
                .andExpect(content().string(not(containsString("disabled=\"disabled\" id=\"namespace\""))));
    }

    @Test
    void aCostRecommendationOpensTheEditFormPrefilledWithSpotAndTheWorkingHoursSchedule() throws Exception {
        given(views.specForEdit(eq("vision"), eq("resnet"), any())).willReturn(DeploymentMother.spec());
        given(views.workingHours()).willReturn(dev.converge.portal.deployments.WorkingHours.defaults());

        mvc.perform(get("/deployments/vision/resnet/edit?capacity=spot&schedule=working-hours")
                        .accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*<option value=\"spot\" selected=\"selected\">Spot</option>.*")))
                .andExpect(content().string(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*<option value=\"working-hours\" selected=\"selected\">Working hours only</option>.*")))
                .andExpect(content().string(containsString("Working hours: Mon, Tue, Wed, Thu, Fri, 08:00–18:00 UTC")))
                .andExpect(content().string(not(containsString("??"))));
        verify(deployments, never()).update(any(), any(), any(), any());
    }

    @Test
    @WithAnonymousUser
    void anonymousApiClientsGetA401() throws Exception {
        mvc.perform(get("/deployments").accept(MediaType.APPLICATION_JSON)).andExpect(status().isUnauthorized());
    }

    @Test
    void changesWithoutTheCsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/deployments/vision/resnet/redeploy").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden());
    }

    /** The access check comes before content negotiation: a JSON client learns 403/404, never a 406 hiding it. */
    @ParameterizedTest
    @ValueSource(strings = {"/deployments/language/other/pods/other-1/logs",
            "/deployments/language/other/pods/other-1/logs?download"})
    void podLogsOfAnotherTeamAre403EvenForJsonClients(String path) throws Exception {
        given(views.get(org.mockito.ArgumentMatchers.eq("language"), any(), any()))
                .willThrow(DeploymentAccessDenied.toRead("language"));
        given(logs.fullLog(org.mockito.ArgumentMatchers.eq("language"), any(), any(), any()))
                .willThrow(DeploymentAccessDenied.toRead("language"));
        given(logs.lastLines(org.mockito.ArgumentMatchers.eq("language"), any(), any(),
                org.mockito.ArgumentMatchers.anyInt(), any())).willThrow(DeploymentAccessDenied.toRead("language"));

        mvc.perform(get(path).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/deployments/vision/resnet/pods/resnet-1/logs",
            "/deployments/vision/resnet/pods/resnet-1/logs?download"})
    void podLogsAskedForAsJsonAre406OnlyOnceVisible(String path) throws Exception {
        given(logs.fullLog(any(), any(), any(), any())).willReturn("a line\n");

        mvc.perform(get(path).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotAcceptable());
        org.mockito.Mockito.verify(logs, org.mockito.Mockito.never()).follow(any(), any(), any(), any());
    }
}
