package dev.converge.portal.artifacts.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.converge.portal.artifacts.Artifact;
import dev.converge.portal.artifacts.ArtifactAccessDenied;
import dev.converge.portal.artifacts.ArtifactAlreadyExists;
import dev.converge.portal.artifacts.ArtifactNotFound;
import dev.converge.portal.artifacts.ArtifactPage;
import dev.converge.portal.artifacts.ArtifactStorageFailure;
import dev.converge.portal.artifacts.ArtifactSummary;
import dev.converge.portal.artifacts.ArtifactTooLarge;
import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.artifacts.InvalidArtifactRequest;
import dev.converge.portal.platform.storage.StorageUnavailable;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.util.unit.DataSize;

/** The artifact pages and JSON for each role, with and without htmx, and each kind of bad input or fault. */
@WebMvcTest({ArtifactsPageController.class, ArtifactsApiController.class})
@Import(WebSliceConfiguration.class)
@ActiveProfiles("test")
class ArtifactsControllerTests {


    static final String KEY = "teams/vision/resnet/1.0/model.onnx";
    static final Artifact RESNET = new Artifact(KEY, "vision", "resnet", "1.0", "model.onnx", "cd".repeat(32), 2048,
            "application/octet-stream", "dev", Instant.parse("2026-03-01T10:00:00Z"));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Artifacts artifacts;

    @BeforeEach
    void storage() {
        given(artifacts.maxSize()).willReturn(DataSize.ofGigabytes(20));
        given(artifacts.list(any(), any(), any(), anyInt(), anyInt())).willReturn(new ArtifactPage(List.of(
                new ArtifactSummary(KEY, "vision", "resnet", "1.0", "model.onnx", 2048, RESNET.uploadedAt())),
                0, 20, 1, 1, false));
        given(artifacts.get(any(), eq(KEY))).willReturn(RESNET);
        // the service enforces the team rule; the stubs do the same so each role sees what it would
        willAnswer(call -> {
            requireWrite(call.getArgument(0));
            return RESNET;
        }).given(artifacts).upload(any(), any());
        willAnswer(call -> {
            requireWrite(call.getArgument(0));
            return null;
        }).given(artifacts).delete(any(), eq(KEY));
    }

    static Stream<Arguments> rolesWithAndWithoutHtmx() {
        return Stream.of(SliceUser.values()).flatMap(as -> Stream.of(Arguments.of(as, false), Arguments.of(as, true)));
    }

    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void theListIsAPageOrItsResultsAndOnlyWritersGetTheUploadForm(SliceUser as, boolean htmx) throws Exception {
        mvc.perform(htmx(get("/artifacts").param("q", "res").with(as.user()), htmx))
                .andExpect(status().isOk())
                .andExpect(view().name(htmx ? "artifacts/fragments :: results" : "artifacts/list"))
                .andExpect(content().string(containsString("href=\"/artifacts/" + KEY + "\"")))
                .andExpect(content().string(!htmx && as.writes() ? containsString("id=\"artifact-upload\"")
                        : not(containsString("id=\"artifact-upload\""))));
    }

    /** th:replace wins over th:if on one element: the empty state used to show above every table. */
    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void theEmptyStateShowsOnlyWhenThereAreNoArtifacts(SliceUser as, boolean htmx) throws Exception {
        mvc.perform(htmx(get("/artifacts").with(as.user()), htmx))
                .andExpect(content().string(containsString("<table")))
                .andExpect(content().string(not(containsString("empty-state"))));

        given(artifacts.list(any(), any(), any(), anyInt(), anyInt()))
                .willReturn(new ArtifactPage(List.of(), 0, 20, 0, 0, false));
        mvc.perform(htmx(get("/artifacts").with(as.user()), htmx))
                .andExpect(content().string(containsString("empty-state")))
                .andExpect(content().string(not(containsString("<table"))));
    }

    @Test
    void sizesAreReadableWithTheExactByteCountOnHover() throws Exception {
        mvc.perform(get("/artifacts").with(SliceUser.DEV.user()))
                .andExpect(content().string(containsString("title=\"2,048 bytes\">2.0 KiB<")));
        mvc.perform(get("/artifacts/" + KEY).with(SliceUser.DEV.user()))
                .andExpect(content().string(containsString("title=\"2,048 bytes\">2.0 KiB<")));
    }

    @Test
    void aGoodHtmxUploadLeavesASuccessMessageForThePageItGoesTo() throws Exception {
        var session = new org.springframework.mock.web.MockHttpSession();
        mvc.perform(upload().with(SliceUser.DEV.user()).session(session).header("HX-Request", "true"))
                .andExpect(status().isNoContent())
                .andExpect(header().string("HX-Redirect", "/artifacts/" + KEY));
        mvc.perform(get("/artifacts/" + KEY).with(SliceUser.DEV.user()).session(session))
                .andExpect(content().string(containsString("Uploaded " + KEY)));
    }

    /** htmx swaps no 4xx unless told: the form with its errors says where it goes (HX-Retarget). */
    @Test
    void anHtmxUploadWithBadFieldsAnswersTheFormToSwapInPlace() throws Exception {
        willAnswer(call -> {
            throw InvalidArtifactRequest.of(Map.of("name", "artifacts.error.name"));
        }).given(artifacts).upload(any(), any());
        mvc.perform(upload().with(SliceUser.DEV.user()).header("HX-Request", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("HX-Retarget", "#artifact-upload"))
                .andExpect(header().string("HX-Reswap", "outerHTML"))
                .andExpect(content().string(containsString("id=\"name-error\"")));
    }

    @Test
    void theListIsJsonForApiClients() throws Exception {
        mvc.perform(get("/artifacts?namespace=vision&q=res&page=0").with(SliceUser.DEV.user())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", "1"))
                .andExpect(jsonPath("$[0].key").value(KEY))
                .andExpect(jsonPath("$[0].size").value(2048));
    }

    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void uploadingNeedsTheDeveloperRole(SliceUser as, boolean htmx) throws Exception {
        var result = mvc.perform(htmx(upload().with(as.user()), htmx));
        if (!as.writes()) {
            result.andExpect(status().isForbidden());
        } else if (htmx) {
            result.andExpect(status().isNoContent()).andExpect(header().string("HX-Redirect", "/artifacts/" + KEY));
        } else {
            result.andExpect(status().isFound()).andExpect(header().string("Location", "/artifacts/" + KEY));
        }
    }

    @Test
    void aJsonUploadAnswers201WithTheRecordedMetadata() throws Exception {
        mvc.perform(upload().with(SliceUser.DEV.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/artifacts/" + KEY))
                .andExpect(jsonPath("$.key").value(KEY))
                .andExpect(jsonPath("$.sha256").value(RESNET.sha256()))
                .andExpect(jsonPath("$.uploadedBy").value("dev"));
    }

    static Stream<Arguments> writersWithAndWithoutHtmx() {
        return rolesWithAndWithoutHtmx().filter(arguments -> ((SliceUser) arguments.get()[0]).writes());
    }

    @ParameterizedTest
    @MethodSource("writersWithAndWithoutHtmx")
    void badFieldsAreShownOnTheFormOrAsAProblem(SliceUser as, boolean htmx) throws Exception {
        willAnswer(call -> {
            throw InvalidArtifactRequest.of(Map.of("name", "artifacts.error.name", "file", "artifacts.error.file.missing"));
        }).given(artifacts).upload(any(), any());

        mvc.perform(htmx(upload().with(as.user()), htmx))
                .andExpect(status().isBadRequest())
                .andExpect(view().name(htmx ? "artifacts/fragments :: upload" : "artifacts/list"))
                .andExpect(content().string(containsString("must start with a letter or digit")))
                .andExpect(content().string(containsString("choose a file to upload")));
        mvc.perform(upload().with(as.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.errors.name").value(containsString("letter or digit")))
                .andExpect(jsonPath("$.errors.file").value(containsString("choose a file")));
    }

    @Test
    void tooLargeDuplicateAndStorageDownAreProblemsWithPlainMessages() throws Exception {
        willAnswer(call -> {
            throw ArtifactTooLarge.over(DataSize.ofMegabytes(12));
        }).given(artifacts).upload(any(), any());
        mvc.perform(upload().with(SliceUser.DEV.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.detail").value(containsString("larger than the upload limit of 12 MiB")));

        willAnswer(call -> {
            throw ArtifactAlreadyExists.key(KEY);
        }).given(artifacts).upload(any(), any());
        mvc.perform(upload().with(SliceUser.DEV.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isConflict());

        willAnswer(call -> {
            throw ArtifactStorageFailure.unavailable(StorageUnavailable.unreachable(new java.net.ConnectException()));
        }).given(artifacts).upload(any(), any());
        mvc.perform(upload().with(SliceUser.DEV.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value("Object storage unreachable. Nothing was stored; try again later."))
                .andExpect(content().string(not(containsString("Exception"))));
        mvc.perform(upload().with(SliceUser.DEV.user()).header("HX-Request", "true"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().string(containsString("Object storage unreachable. Nothing was stored")));
    }

    @ParameterizedTest
    @EnumSource(SliceUser.class)
    void theDetailIsAPageOrJsonAndAMissingKeyA404(SliceUser as) throws Exception {
        mvc.perform(get("/artifacts/" + KEY).with(as.user()))
                .andExpect(status().isOk())
                .andExpect(view().name("artifacts/detail"))
                .andExpect(content().string(containsString(RESNET.sha256())))
                .andExpect(content().string(as.writes() ? containsString("hx-delete=\"/artifacts/" + KEY + "\"")
                        : not(containsString("hx-delete"))));
        mvc.perform(get("/artifacts/" + KEY).with(as.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.uploadedBy").value("dev"));

        given(artifacts.get(any(), eq("teams/vision/none/1/x.bin"))).willThrow(
                ArtifactNotFound.key("teams/vision/none/1/x.bin"));
        mvc.perform(get("/artifacts/teams/vision/none/1/x.bin").with(as.user()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(containsString("No artifact teams/vision/none/1/x.bin")));
    }

    @ParameterizedTest
    @MethodSource("rolesWithAndWithoutHtmx")
    void deletingAsksFirstAndNeedsTheDeveloperRole(SliceUser as, boolean htmx) throws Exception {
        mvc.perform(get("/artifacts/" + KEY + "/delete").with(as.user()))
                .andExpect(status().isOk())
                .andExpect(view().name("artifacts/delete"))
                .andExpect(content().string(containsString("action=\"/artifacts/" + KEY + "/delete\"")));

        var result = mvc.perform(htmx(delete("/artifacts/" + KEY).with(as.user()).with(csrf()), htmx));
        if (!as.writes()) {
            result.andExpect(status().isForbidden());
        } else if (htmx) {
            result.andExpect(status().isNoContent()).andExpect(header().string("HX-Redirect", "/artifacts"));
        } else {
            result.andExpect(status().isNoContent()).andExpect(header().doesNotExist("HX-Redirect"));
        }
    }

    @Test
    void anUploadWithoutACsrfTokenIsRefused() throws Exception {
        mvc.perform(multipart("/artifacts").file(new MockMultipartFile("file", "m.bin", null, new byte[4]))
                        .param("namespace", "vision").param("name", "resnet").param("version", "1.0")
                        .with(SliceUser.DEV.user()))
                .andExpect(status().isForbidden());
    }

    private static MockMultipartHttpServletRequestBuilder upload() {
        return multipart("/artifacts").file(new MockMultipartFile("file", "model.onnx", "application/octet-stream",
                        new byte[2048]))
                .param("namespace", "vision").param("name", "resnet").param("version", "1.0").with(csrf());
    }

    private static <B extends AbstractMockHttpServletRequestBuilder<B>> B htmx(B request, boolean htmx) {
        return htmx ? request.header("HX-Request", "true") : request;
    }

    private static void requireWrite(CurrentUser user) {
        if (!user.canWrite("vision")) {
            throw ArtifactAccessDenied.write("vision");
        }
    }
}
