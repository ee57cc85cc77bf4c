package dev.converge.portal.builds.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.converge.portal.builds.BuildAccessDenied;
import dev.converge.portal.builds.BuildLogStreams;
import dev.converge.portal.builds.BuildNotFound;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.security.SliceUser;
import dev.converge.portal.shared.web.WebSliceConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The live build log's answers before any streaming: access first (403/404), then content negotiation (406). */
@WebMvcTest(BuildLogStreamController.class)
@Import(WebSliceConfiguration.class)
@ActiveProfiles("test")
class BuildLogStreamControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Builds builds;

    @MockitoBean
    BuildLogStreams streams;

    @MockitoBean
    LiveFragments fragments;

    @BeforeEach
    void builds() {
        given(builds.get(any(), eq("language"), any())).willThrow(BuildAccessDenied.read("language"));
        given(builds.get(any(), eq("vision"), eq("gone"))).willThrow(BuildNotFound.named("vision", "gone"));
        given(streams.follow(any(), eq("language"), any(), anyLong(), any(), any()))
                .willThrow(BuildAccessDenied.read("language"));
        given(streams.follow(any(), eq("vision"), eq("gone"), anyLong(), any(), any()))
                .willThrow(BuildNotFound.named("vision", "gone"));
    }

    @Test
    void anotherTeamsBuildLogIs403EvenForJsonClients() throws Exception {
        mvc.perform(get("/ai-converge/builds/language/b9/logs/stream").with(SliceUser.DEV.user())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aMissingBuildsLogIs404EvenForJsonClients() throws Exception {
        mvc.perform(get("/ai-converge/builds/vision/gone/logs/stream").with(SliceUser.DEV.user())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aVisibleBuildsLogAskedForAsJsonIs406AndNotFollowed() throws Exception {
        mvc.perform(get("/ai-converge/builds/vision/b1/logs/stream").with(SliceUser.DEV.user())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotAcceptable());
        verify(streams, never()).follow(any(), any(), any(), anyLong(), any(), any());
    }
}
