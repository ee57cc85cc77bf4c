package dev.converge.portal.builds.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.converge.portal.builds.Build;
import dev.converge.portal.builds.BuildAccessDenied;
import dev.converge.portal.builds.BuildConflict;
import dev.converge.portal.builds.BuildDetail;
import dev.converge.portal.builds.BuildNotFound;
import dev.converge.portal.builds.BuildStatus;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.builds.BuildsLivePublisher;
import dev.converge.portal.live.SseHub;
import dev.converge.portal.builds.InvalidBuildRequest;
import dev.converge.portal.live.StatusCounts;
import dev.converge.portal.platform.kubernetes.cache.ResultPage;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.PortalUser;
import dev.converge.portal.security.SliceUser;
import dev.converge.portal.shared.web.WebSliceConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The builder's pages and JSON for each role, with and without htmx, and each kind of bad input. */
@WebMvcTest({BuildsPageController.class, BuildsApiController.class})
@Import(WebSliceConfiguration.class)
@ActiveProfiles("test")
class BuildsControllerTests {


    static final Build RUNNING = new Build("vision", "b1", BuildStatus.RUNNING, "teams/vision/m/1/m.onnx",
            "ab".repeat(32), "python:3.11-slim", "dev", Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:00:02Z"), null, null, "node-1", "zone-a", null, null, null, null, null);

    static final String PINNED = "registry.converge.local/vision/m@sha256:" + "ef".repeat(32);

    static final Build SUCCEEDED = new Build("vision", "b2", BuildStatus.SUCCEEDED, "teams/vision/m/1/m.onnx",
            "ab".repeat(32), "python:3.11-slim", "dev", Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:00:02Z"), Instant.parse("2026-03-01T10:01:07Z"), 65L, "node-1", "zone-a",
            null, null, PINNED, null, null);

    static final Build PENDING = new Build("vision", "b3", BuildStatus.PENDING, "teams/vision/m/1/m.onnx",
            "ab".repeat(32), "python:3.11-slim", "dev", Instant.parse("2026-03-01T10:00:00Z"),
            null, null, null, null, null, null, null, null, null, null);

    static final Build CANCELLED = new Build("vision", "b4", BuildStatus.CANCELLED, "teams/vision/m/1/m.onnx",
            "ab".repeat(32), "python:3.11-slim", "dev", Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:00:02Z"), Instant.parse("2026-03-01T10:00:09Z"), 7L, "node-1", "zone-a",
            null, null, null, "lead", Instant.parse("2026-03-01T10:00:08Z"));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Builds builds;

    @MockitoBean
    BuildsLivePublisher live;

    @MockitoBean
    SseHub hub;

    @BeforeEach
    void cluster() {
        given(builds.list(any(), any(), any(), any(), anyInt(), anyInt()))
                .willReturn(new ResultPage<>(List.of(RUNNING), 0, 20, 1, 1));
        var counts = new EnumMap<BuildStatus, Long>(BuildStatus.class);
        for (var status : BuildStatus.values()) {
            counts.put(status, status == BuildStatus.RUNNING ? 1L : 0L);
        }
        given(builds.counts(any(), any())).willReturn(counts);
        given(live.countsIn(anyString())).willAnswer(call -> new StatusCounts(call.getArgument(0),
                Map.of("Pending", 0, "Running", 1)));
        // the service enforces the team rule; the stubs do the same so each role sees what it would
        willAnswer(call -> {
            requireWrite(call.getArgument(0), "vision");
            return RUNNING;
        }).given(builds).create(any(), any());
        willAnswer(call -> {
            requireWrite(call.getArgument(0), call.getArgument(1));
            return null;
        }).given(builds).delete(any(), anyString(), anyString());
        given(builds.get(any(), eq("vision"), eq("b1"))).willReturn(RUNNING);
        given(builds.detail(any(), eq("vision"), eq("b1"))).willReturn(new BuildDetail(RUNNING, List.of(), List.of()));
        given(builds.modelUri(any())).willReturn("s3://models/teams/vision/m/1/m.onnx");
    }

    static Stream<Arguments> rolesWithAndWithoutHtmx() {
        return Stream.of(SliceUser.values()).flatMap(as -> Stream.of(Arguments.of(as, false), Arguments.of(as, true)));
    }

    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void theBoardIsAPageOrItsLiveTableForEveryRole(SliceUser as, boolean htmx) throws Exception {
        mvc.perform(htmx(get("/ai-converge/builds").with(as.user()), htmx))
                .andExpect(status().isOk())
                .andExpect(view().name(htmx ? "builds/fragments :: results" : "builds/list"))
                .andExpect(content().string(containsString("id=\"build-vision-b1\"")))
                .andExpect(content().string(containsString("sse-swap=\"build-row-vision-b1\"")))
                .andExpect(content().string(containsString("Running (1)")))
                .andExpect(content().string(containsString("sse:build-counts-vision")))
                .andExpect(content().string(as == SliceUser.ADMIN ? containsString("sse:build-counts-language")
                        : not(containsString("sse:build-counts-language"))))
                .andExpect(content().string(htmx ? not(containsString("<nav class=\"nav\""))
                        : containsString("sse-connect=\"/sse/stream?topics=builds\"")));
    }

    @Test
    void buildsByStatusAreJsonForApiClients() throws Exception {
        mvc.perform(get("/ai-converge/builds/RUNNING?namespace=vision").with(SliceUser.DEV.user())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", "1"))
                .andExpect(jsonPath("$[0].name").value("b1"))
                .andExpect(jsonPath("$[0].status").value("RUNNING"))
                .andExpect(jsonPath("$[0].zone").value("zone-a"));
        verify(builds).list(any(), eq(java.util.Optional.of(BuildStatus.RUNNING)), eq("vision"), isNull(), eq(0),
                anyInt());
    }

    @ParameterizedTest
    @EnumSource(SliceUser.class)
    void anUnknownStatusIsA400ListingTheValidOnes(SliceUser as) throws Exception {
        mvc.perform(get("/ai-converge/builds/sleeping").with(as.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.detail").value(containsString("pending, running, succeeded, failed")));
        mvc.perform(get("/ai-converge/builds/sleeping").with(as.user())).andExpect(status().isBadRequest());
    }

    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void startingABuildFromTheFormNeedsTheDeveloperRole(SliceUser as, boolean htmx) throws Exception {
        var result = mvc.perform(htmx(post("/ai-converge/build").with(as.user()).with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("namespace", "vision").param("name", "b1").param("artifact", RUNNING.artifact())
                .param("baseImage", "python:3.11-slim").param("command", "make"), htmx));
        if (as.writes()) {
            result.andExpect(status().isFound()).andExpect(redirectedUrl("/ai-converge/builds/vision/b1"));
        } else {
            result.andExpect(status().isForbidden())
                    .andExpect(view().name("builds/form"))
                    .andExpect(content().string(containsString("needs the DEVELOPER role")));
        }
    }

    @Test
    void eachBadFormFieldGetsItsMessageAndNothingStarts() throws Exception {
        mvc.perform(post("/ai-converge/build").with(SliceUser.DEV.user()).with(csrf())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "b1").param("artifact", "x")
                        .param("gpu", "two").param("timeoutSeconds", "soon").param("env", "NO_EQUALS_SIGN"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("a whole number of GPUs")))
                .andExpect(content().string(containsString("seconds between 60 and 86400")))
                .andExpect(content().string(containsString("names like MY_VAR")));
        verify(builds, never()).create(any(), any());

        willAnswer(call -> {
            throw InvalidBuildRequest.of(Map.of("name", "builds.error.name", "resources.cpu", "builds.error.cpu"));
        }).given(builds).create(any(), any());
        mvc.perform(post("/ai-converge/build").with(SliceUser.DEV.user()).with(csrf())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "B_1").param("cpu", "lots"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("a lowercase DNS label")))
                .andExpect(content().string(containsString("a CPU quantity above 0")));
    }

    @Test
    void badJsonIsAProblemNamingEachField() throws Exception {
        willAnswer(call -> {
            throw InvalidBuildRequest.of(Map.of("baseImage", "builds.error.baseImage",
                    "resources.memory", "builds.error.memory"));
        }).given(builds).create(any(), any());
        mvc.perform(post("/ai-converge/build").with(SliceUser.DEV.user()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content("{\"namespace\":\"vision\",\"name\":\"b1\",\"baseImage\":\"not an image\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.errors.baseImage").value(containsString("image reference")))
                .andExpect(jsonPath("$['errors']['resources.memory']").value(containsString("memory quantity")));

        mvc.perform(post("/ai-converge/build").with(SliceUser.DEV.user()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content("{\"namespace\":"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")));
    }

    @Test
    void aJsonBuildIsCreatedWithItsLocation() throws Exception {
        mvc.perform(post("/ai-converge/build").with(SliceUser.DEV.user()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                        .content("{\"namespace\":\"vision\",\"name\":\"b1\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/ai-converge/builds/vision/b1"))
                .andExpect(jsonPath("$.sha256").value(RUNNING.sha256()));
    }

    @ParameterizedTest
    @EnumSource(SliceUser.class)
    void aMissingBuildIsA404AndAFinishedOneCannotBeCancelled(SliceUser as) throws Exception {
        given(builds.detail(any(), eq("vision"), eq("gone"))).willThrow(BuildNotFound.named("vision", "gone"));
        mvc.perform(get("/ai-converge/builds/vision/gone").with(as.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(containsString("No build gone in namespace vision")));
        mvc.perform(get("/ai-converge/builds/vision/gone").with(as.user())).andExpect(status().isNotFound());

        willAnswer(call -> {
            throw BuildConflict.notActive("vision", "b1");
        }).given(builds).cancel(any(), eq("vision"), eq("b1"));
        mvc.perform(post("/ai-converge/builds/vision/b1/cancel").with(as.user()).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("has already finished")));
    }

    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void theDetailPageFollowsTheBuildAndOffersDeleteOnlyToWriters(SliceUser as, boolean htmx) throws Exception {
        mvc.perform(htmx(get("/ai-converge/builds/vision/b1").with(as.user()), htmx))
                .andExpect(status().isOk())
                .andExpect(view().name("builds/detail"))
                .andExpect(content().string(containsString("sse-connect=\"/ai-converge/builds/vision/b1/logs/stream\"")))
                .andExpect(content().string(as.writes()
                        ? containsString("hx-delete=\"/ai-converge/builds/vision/b1\"")
                        : not(containsString("hx-delete"))));
    }

    /**
     * The board and the build's page follow the stream from where it was before they read the builds, so a build
     * that moved on (or finished) while the page loaded is not left showing its old phase.
     */
    @Test
    void theBoardAndTheBuildPageReplayWhatHappenedWhileTheyLoaded() throws Exception {
        given(hub.lastEventId()).willReturn("e1-41");
        for (var path : List.of("/ai-converge/builds", "/ai-converge/builds/running", "/ai-converge/builds/vision/b1")) {
            mvc.perform(get(path).with(SliceUser.VIEWER.user()))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString(
                            "sse-connect=\"/sse/stream?topics=builds&amp;lastEventId=e1-41\"")));
        }
    }

    /** th:replace wins over th:if on one element: the empty state used to show above every table. */
    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void theEmptyStateShowsOnlyWhenNoBuildIsListed(SliceUser as, boolean htmx) throws Exception {
        mvc.perform(htmx(get("/ai-converge/builds").with(as.user()), htmx))
                .andExpect(content().string(containsString("<table")))
                .andExpect(content().string(not(containsString("empty-state"))));

        given(builds.list(any(), any(), any(), any(), anyInt(), anyInt()))
                .willReturn(new ResultPage<>(List.of(), 0, 20, 0, 0));
        mvc.perform(htmx(get("/ai-converge/builds").with(as.user()), htmx))
                .andExpect(content().string(containsString("empty-state")))
                .andExpect(content().string(containsString("No builds yet")))
                .andExpect(content().string(not(containsString("<table"))));
        mvc.perform(htmx(get("/ai-converge/builds/failed").with(as.user()), htmx))
                .andExpect(content().string(containsString("No builds with this status")));
    }

    /** The part of the build page that shows cluster state fetches itself again on the build's live event. */
    @ParameterizedTest
    @EnumSource(SliceUser.class)
    void theDetailRefetchesItsLivePartOnEveryChangeOfTheBuild(SliceUser as) throws Exception {
        mvc.perform(get("/ai-converge/builds/vision/b1").with(as.user()))
                .andExpect(content().string(containsString("id=\"build-live\"")))
                .andExpect(content().string(containsString("hx-trigger=\"sse:build-row-vision-b1\"")));
        mvc.perform(get("/ai-converge/builds/vision/b1").with(as.user())
                        .header("HX-Request", "true").header("HX-Target", "build-live"))
                .andExpect(status().isOk())
                .andExpect(view().name("builds/fragments :: detail"))
                .andExpect(content().string(containsString("id=\"build-live\"")))
                .andExpect(content().string(not(containsString("<nav class=\"nav\""))));
    }

    @Test
    void aSucceededBuildShowsItsPinnedImageAndDeploysItWithItsModel() throws Exception {
        given(builds.detail(any(), eq("vision"), eq("b2"))).willReturn(new BuildDetail(SUCCEEDED, List.of(), List.of()));
        mvc.perform(get("/ai-converge/builds/vision/b2").with(SliceUser.DEV.user()))
                .andExpect(content().string(containsString("id=\"build-image\">" + PINNED + "<")))
                .andExpect(content().string(containsString("data-copy=\"#build-image\"")))
                .andExpect(content().string(containsString("/deployments/new?image=" + PINNED
                        + "&amp;modelUri=s3://models/teams/vision/m/1/m.onnx")))
                .andExpect(content().string(containsString("1 min 5 s")))
                .andExpect(content().string(not(containsString("/cancel"))));
    }

    @Test
    void anActiveBuildOffersCancelThroughAConfirmationAndNoDeployAndNeverShowsNull() throws Exception {
        given(builds.detail(any(), eq("vision"), eq("b3"))).willReturn(new BuildDetail(PENDING, List.of(), List.of()));
        mvc.perform(get("/ai-converge/builds/vision/b3").with(SliceUser.DEV.user()))
                .andExpect(content().string(containsString("href=\"/ai-converge/builds/vision/b3/cancel\"")))
                .andExpect(content().string(not(containsString("id=\"deploy-build\""))))
                .andExpect(content().string(not(containsString("null"))));
    }

    @ParameterizedTest
    @EnumSource(SliceUser.class)
    void cancellingAsksFirstWithoutJavaScript(SliceUser as) throws Exception {
        mvc.perform(get("/ai-converge/builds/vision/b1/cancel").with(as.user()))
                .andExpect(status().isOk())
                .andExpect(view().name("builds/cancel"))
                .andExpect(content().string(containsString("action=\"/ai-converge/builds/vision/b1/cancel\"")))
                .andExpect(content().string(containsString("method=\"post\"")));
    }

    @Test
    void aCancelledBuildSaysWhoCancelledItAndWhenOnTheBoardTheDetailAndInJson() throws Exception {
        given(builds.list(any(), any(), any(), any(), anyInt(), anyInt()))
                .willReturn(new ResultPage<>(List.of(CANCELLED), 0, 20, 1, 1));
        given(builds.detail(any(), eq("vision"), eq("b4"))).willReturn(new BuildDetail(CANCELLED, List.of(), List.of()));
        mvc.perform(get("/ai-converge/builds").with(SliceUser.DEV.user()))
                .andExpect(content().string(containsString("Cancelled by lead at 2026-03-01 10:00:08 UTC")));
        mvc.perform(get("/ai-converge/builds/vision/b4").with(SliceUser.DEV.user()))
                .andExpect(content().string(containsString("Cancelled by lead at 2026-03-01 10:00:08 UTC")));
        mvc.perform(get("/ai-converge/builds").with(SliceUser.DEV.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$[0].status").value("CANCELLED"))
                .andExpect(jsonPath("$[0].cancelledBy").value("lead"))
                .andExpect(jsonPath("$[0].cancelledAt").value("2026-03-01T10:00:08Z"));
    }

    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void deletingAsksFirstAndNeedsTheDeveloperRole(SliceUser as, boolean htmx) throws Exception {
        mvc.perform(get("/ai-converge/builds/vision/b1/delete").with(as.user()))
                .andExpect(status().isOk())
                .andExpect(view().name("builds/delete"))
                .andExpect(content().string(containsString("action=\"/ai-converge/builds/vision/b1/delete\"")));

        var result = mvc.perform(htmx(delete("/ai-converge/builds/vision/b1").with(as.user()).with(csrf()), htmx));
        if (!as.writes()) {
            result.andExpect(status().isForbidden());
        } else if (htmx) {
            result.andExpect(status().isNoContent()).andExpect(header().string("HX-Redirect", "/ai-converge/builds"));
        } else {
            result.andExpect(status().isNoContent()).andExpect(header().doesNotExist("HX-Redirect"));
        }
    }

    @Test
    void signedOutVisitorsAreSentToSignIn() throws Exception {
        mvc.perform(get("/ai-converge/builds"))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", containsString("/login")));
    }

    private static MockHttpServletRequestBuilder htmx(MockHttpServletRequestBuilder request, boolean htmx) {
        return htmx ? request.header("HX-Request", "true") : request;
    }

    private static void requireWrite(CurrentUser user, String namespace) {
        if (!user.canWrite(namespace)) {
            throw BuildAccessDenied.write(namespace);
        }
    }

    /** The access check comes before content negotiation: a JSON client learns 403, never a 406 hiding it. */
    @ParameterizedTest
    @ValueSource(strings = {"/ai-converge/builds/language/b9/logs", "/ai-converge/builds/language/b9/logs?download=true"})
    void buildLogsOfAnotherTeamAre403EvenForJsonClients(String path) throws Exception {
        given(builds.tail(any(), eq("language"), anyString(), anyInt()))
                .willThrow(dev.converge.portal.builds.BuildAccessDenied.read("language"));
        given(builds.fullLog(any(), eq("language"), anyString()))
                .willThrow(dev.converge.portal.builds.BuildAccessDenied.read("language"));

        mvc.perform(get(path).with(SliceUser.DEV.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
