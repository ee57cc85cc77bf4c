package dev.converge.portal.audit.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import dev.converge.portal.audit.AuditEvent;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.audit.AuditQuery;
import dev.converge.portal.shared.web.WebSliceConfiguration;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest({AuditPageController.class, AuditApiController.class})
@Import(WebSliceConfiguration.class)
@ActiveProfiles("test")
class AuditControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AuditLog auditLog;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @WithMockUser(roles = "ADMIN")
    void adminsSeeTheTrailAsAPageOrAsTheHtmxFragment(boolean htmx) throws Exception {
        given(auditLog.search(any())).willReturn(List.of(event(1, "dev", "deployment.create", AuditOutcome.SUCCESS)));
        given(auditLog.count(any())).willReturn(1L);
        mvc.perform(htmx(get("/audit"), htmx))
                .andExpect(status().isOk())
                .andExpect(view().name(htmx ? "audit/fragments :: results" : "audit/list"))
                .andExpect(content().string(containsString("deployment.create")))
                .andExpect(content().string(containsString("deployment/vision/model-1")))
                .andExpect(content().string(htmx ? not(containsString("<nav class=\"nav\"")) : containsString("<nav class=\"nav\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VIEWER", "DEVELOPER", "LEAD"})
    void othersAreRefused(String role) throws Exception {
        mvc.perform(get("/audit").with(org.springframework.security.test.web.servlet.request
                        .SecurityMockMvcRequestPostProcessors.user("someone").roles(role)))
                .andExpect(status().isForbidden());
    }

    @Test
    @WithAnonymousUser
    void anonymousUsersAreSentToSignIn() throws Exception {
        mvc.perform(get("/audit")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void filtersAndPagingReachTheLog() throws Exception {
        given(auditLog.search(any())).willReturn(List.of());
        mvc.perform(get("/audit").param("actor", " dev ").param("action", "deployment.")
                        .param("outcome", "FAILURE").param("page", "2").param("size", "500"))
                .andExpect(status().isOk());
        verify(auditLog).search(new AuditQuery("dev", "deployment.", AuditOutcome.FAILURE, 2, 100));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void blankFiltersMeanAny() throws Exception {
        given(auditLog.search(any())).willReturn(List.of());
        mvc.perform(get("/audit").param("actor", "").param("action", "").param("outcome", ""))
                .andExpect(status().isOk());
        verify(auditLog).search(new AuditQuery(null, null, null, 0, 20));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void nothingFoundShowsTheEmptyState() throws Exception {
        given(auditLog.search(any())).willReturn(List.of());
        mvc.perform(get("/audit").param("actor", "nobody"))
                .andExpect(content().string(containsString("No audit events")))
                .andExpect(content().string(containsString("value=\"nobody\"")));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void pagesLinkToTheirNeighboursKeepingTheFilters() throws Exception {
        var events = LongStream.rangeClosed(21, 40).mapToObj(id -> event(id, "dev", "build.start", AuditOutcome.SUCCESS))
                .toList();
        given(auditLog.search(any())).willReturn(events);
        given(auditLog.count(any())).willReturn(95L);
        mvc.perform(get("/audit?actor=dev&page=1"))
                .andExpect(content().string(containsString("21–40 of 95")))
                .andExpect(content().string(containsString("Page 2 of 5")))
                .andExpect(content().string(containsString("href=\"/audit?actor=dev&amp;page=0\"")))
                .andExpect(content().string(containsString("href=\"/audit?actor=dev&amp;page=2\"")));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void jsonClientsGetThePage() throws Exception {
        given(auditLog.search(any())).willReturn(List.of(event(7, "lead", "cost.budget", AuditOutcome.DENIED)));
        given(auditLog.count(any())).willReturn(1L);
        mvc.perform(get("/audit").param("outcome", "DENIED").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.items[0].actor").value("lead"))
                .andExpect(jsonPath("$.items[0].outcome").value("DENIED"))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(20))
                .andExpect(jsonPath("$.total").value(1));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anUnknownOutcomeIsAFieldError() throws Exception {
        mvc.perform(get("/audit").param("outcome", "MAYBE").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.outcome").value("has a value that cannot be read"));
    }

    private static MockHttpServletRequestBuilder htmx(MockHttpServletRequestBuilder request, boolean htmx) {
        return htmx ? request.header("HX-Request", "true") : request;
    }

    private static AuditEvent event(long id, String actor, String action, AuditOutcome outcome) {
        return new AuditEvent(id, Instant.parse("2026-01-02T10:15:30Z"), actor, action,
                "deployment/vision/model-" + id, outcome, "replicas 2");
    }
}
