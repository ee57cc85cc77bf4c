package dev.converge.portal.trust.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import dev.converge.portal.shared.web.PageView;
import dev.converge.portal.shared.web.WebSliceConfiguration;
import dev.converge.portal.trust.TrustViews;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The trust grid's empty states: nothing to score yet is not the same as nothing matching the filters. */
@WebMvcTest(TrustPageController.class)
@Import(WebSliceConfiguration.class)
@ActiveProfiles("test")
@WithMockUser(username = "dev", roles = "DEVELOPER")
class TrustPagesTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TrustViews views;

    @BeforeEach
    void nothingScored() {
        given(views.list(any(), any(), any())).willReturn(PageView.of(List.of(),
                new dev.converge.portal.shared.web.PageParams(0, 20), 0));
        given(views.summaries(any())).willReturn(List.of());
        given(views.teamsOf(any())).willReturn(List.of("vision"));
    }

    @Test
    void withoutFiltersTheGridSaysWhatBringsAScorecard() throws Exception {
        mvc.perform(get("/trust").accept(MediaType.TEXT_HTML)).andExpect(status().isOk())
                .andExpect(content().string(containsString("No scorecards yet")))
                .andExpect(content().string(containsString("Deploy a model")))
                .andExpect(content().string(not(containsString("clear the filters"))));
    }

    @Test
    void withFiltersTheGridSaysNothingMatches() throws Exception {
        mvc.perform(get("/trust").param("failing", "safety").accept(MediaType.TEXT_HTML)
                        .header("HX-Request", "true")).andExpect(status().isOk())
                .andExpect(content().string(containsString("clear the filters")))
                .andExpect(content().string(not(containsString("No scorecards yet"))));
    }
}
