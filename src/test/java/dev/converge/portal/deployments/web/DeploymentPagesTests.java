package dev.converge.portal.deployments.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.converge.portal.deployments.DeploymentDetail;
import dev.converge.portal.deployments.DeploymentLeftover;
import dev.converge.portal.deployments.DeploymentLogs;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentMother;
import dev.converge.portal.deployments.DeploymentRevision;
import dev.converge.portal.deployments.DeploymentSummary;
import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.platform.kubernetes.cache.ResultPage;
import dev.converge.portal.security.SliceUser;
import dev.converge.portal.shared.web.InvalidInput;
import dev.converge.portal.shared.web.WebSliceConfiguration;
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

/** What the deployments pages show a person: empty state, leftovers, live parts, confirmations, the room warning. */
@WebMvcTest({DeploymentsApiController.class, DeploymentsPageController.class})
@Import({WebSliceConfiguration.class, DeploymentRows.class, LiveFragments.class})
@ActiveProfiles("test")
@WithMockUser(username = "dev", roles = "DEVELOPER")
class DeploymentPagesTests {

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

    @Test
    void theEmptyStateShowsOnlyWhenThereAreNoRows() throws Exception {
        mvc.perform(get("/deployments").accept(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("vision/resnet")))
                .andExpect(content().string(not(containsString("No deployments to show"))));

        given(views.list(any(), any())).willReturn(new ResultPage<>(List.of(), 0, 20, 0, 0));
        mvc.perform(get("/deployments").param("q", "resnet").accept(MediaType.TEXT_HTML).header("HX-Request", "true"))
                .andExpect(content().string(containsString("No deployments to show")))
                .andExpect(content().string(containsString("clear the filters")))
                .andExpect(content().string(not(containsString("<table"))));
    }

    /** With no filter there is nothing to clear: the empty list says nothing is deployed yet and what to do. */
    @Test
    void anEmptyListWithoutFiltersSaysNothingIsDeployedYet() throws Exception {
        given(views.list(any(), any())).willReturn(new ResultPage<>(List.of(), 0, 20, 0, 0));
        mvc.perform(get("/deployments").param("sort", "name").accept(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("No deployments yet")))
                .andExpect(content().string(not(containsString("clear the filters"))))
                .andExpect(content().string(not(containsString("<table"))));
    }

    @Test
    void theResultsFetchThemselvesAgainWithTheirFilterWhenTheStreamSaysTheListChanged() throws Exception {
        mvc.perform(get("/deployments?status=Ready&sort=-age&page=1").accept(MediaType.TEXT_HTML)
                        .header("HX-Request", "true"))
                .andExpect(view().name("deployments/fragments :: results"))
                .andExpect(content().string(containsString("hx-trigger=\"sse:deployments-changed\"")))
                .andExpect(content().string(containsString(
                        "hx-get=\"/deployments?status=Ready&amp;sort=-age&amp;page=1\"")));
    }

    @Test
    void aServiceLeftWithoutItsDeploymentIsListedWithADeleteButton() throws Exception {
        given(views.leftovers(any())).willReturn(List.of(
                new DeploymentLeftover("vision", "half-made", List.of("Service", "autoscaler"))));

        mvc.perform(get("/deployments").with(SliceUser.DEV.user()).accept(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("vision/half-made: Service and autoscaler")))
                .andExpect(content().string(containsString("action=\"/deployments/vision/half-made/delete\"")));
    }

    @Test
    void theDetailFollowsTheClusterInOneLivePartWithTheReasonInWords() throws Exception {
        given(views.get(eq("vision"), eq("big"), any())).willReturn(unschedulable());

        mvc.perform(get("/deployments/vision/big").with(SliceUser.DEV.user()).accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("sse-swap=\"deployment-detail-vision-big\"")))
                .andExpect(content().string(containsString("No zone has a node with 8 free nvidia-a100-80gb GPUs")))
                .andExpect(content().string(containsString("Unschedulable")))
                .andExpect(content().string(containsString("href=\"/deployments/vision/big/redeploy\"")))
                .andExpect(content().string(containsString("href=\"/deployments/vision/big/rollback\"")))
                .andExpect(content().string(not(containsString("action=\"/deployments/vision/big/redeploy\""))));
    }

    @Test
    void redeployAsksFirstOnAPageOfItsOwn() throws Exception {
        given(views.get(eq("vision"), eq("big"), any())).willReturn(unschedulable());

        mvc.perform(get("/deployments/vision/big/redeploy").accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Redeploy vision/big?")))
                .andExpect(content().string(containsString("action=\"/deployments/vision/big/redeploy\"")));
        verify(deployments, never()).redeploy(any(), any(), any());
    }

    @Test
    void rollBackShowsTheChosenRevisionsDiffThenAppliesThatRevision() throws Exception {
        var detail = unschedulable();
        given(views.rollbackPreview(eq("vision"), eq("big"), eq(1), any())).willReturn(
                new DeploymentViews.RollbackPreview(detail, detail.revisions().subList(1, 3),
                        detail.revisions().get(2), List.of("replicas: 3 → 1")));

        mvc.perform(get("/deployments/vision/big/rollback?revision=1").accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("replicas: 3 → 1")))
                .andExpect(content().string(containsString("id=\"revision-2\"")))
                .andExpect(content().string(containsString("Yes, roll back to revision 1")));

        mvc.perform(post("/deployments/vision/big/rollback").with(csrf()).accept(MediaType.TEXT_HTML)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).param("revision", "1"))
                .andExpect(redirectedUrl("/deployments/vision/big"));
        verify(deployments).rollback(eq("vision"), eq("big"), eq(1), any());
    }

    @Test
    void theApiRollsBackToTheRevisionInTheBodyOrToThePreviousOne() throws Exception {
        mvc.perform(post("/deployments/vision/big/rollback").with(csrf()).accept(MediaType.APPLICATION_JSON)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"revision\": 2}"))
                .andExpect(status().isOk());
        verify(deployments).rollback(eq("vision"), eq("big"), eq(2), any());

        mvc.perform(post("/deployments/vision/big/rollback").with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        verify(deployments).rollback(eq("vision"), eq("big"), isNull(), any());
    }

    @Test
    void withNoRoomInAnyZoneTheFormWarnsAndDeploysOnlyOnceConfirmed() throws Exception {
        given(views.room(any())).willReturn(new TreeMap<>(Map.of("zone-a", 0, "zone-b", 0)));
        given(deployments.create(any(), any())).willReturn(unschedulable());

        mvc.perform(post("/deployments/preview").with(csrf()).header("HX-Request", "true")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "big").param("gpu", "8"))
                .andExpect(content().string(containsString("No zone has room for a pod of this size now")))
                .andExpect(content().string(containsString("form=\"deployment-form\"")));

        mvc.perform(post("/deployments").with(csrf()).accept(MediaType.TEXT_HTML)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "big").param("gpu", "8"))
                .andExpect(status().isOk())
                .andExpect(view().name("deployments/form"))
                .andExpect(content().string(containsString("id=\"no-room-confirm\"")));
        verify(deployments, never()).create(any(), any());

        mvc.perform(post("/deployments").with(csrf()).accept(MediaType.TEXT_HTML)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "big").param("gpu", "8")
                        .param("deployAnyway", "true"))
                .andExpect(redirectedUrl("/deployments/vision/big"));
        verify(deployments).create(any(), any());
    }

    @Test
    void aFieldInErrorIsNamedBeforeAnyQuestionAboutRoom() throws Exception {
        given(views.room(any())).willReturn(new TreeMap<>(Map.of("zone-a", 0, "zone-b", 0)));
        given(views.previewProblems(any(), any()))
                .willReturn(Optional.of(InvalidInput.field("name", "name is too long")));

        mvc.perform(post("/deployments").with(csrf()).accept(MediaType.TEXT_HTML)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "x".repeat(300)).param("gpu", "8"))
                .andExpect(status().isOk())
                .andExpect(view().name("deployments/form"))
                .andExpect(content().string(containsString("name is too long")))
                .andExpect(content().string(containsString("field-error")))
                .andExpect(content().string(not(containsString("id=\"no-room-confirm\""))));
        verify(deployments, never()).create(any(), any());
    }

    @Test
    void withRoomInAZoneTheFormDeploysWithoutAsking() throws Exception {
        given(deployments.create(any(), any())).willReturn(unschedulable());

        mvc.perform(post("/deployments/preview").with(csrf()).header("HX-Request", "true")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).param("namespace", "vision"))
                .andExpect(content().string(not(containsString("id=\"no-room\""))));
        mvc.perform(post("/deployments").with(csrf()).accept(MediaType.TEXT_HTML)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("namespace", "vision").param("name", "big"))
                .andExpect(redirectedUrl("/deployments/vision/big"));
    }

    private static DeploymentDetail unschedulable() {
        var reason = "No zone has a node with 8 free nvidia-a100-80gb GPUs (the largest has 4).";
        var summary = new DeploymentSummary("vision", "big", 0, 1, "Unschedulable", reason, List.of(),
                "registry.local/vision/big:1", false, Instant.parse("2025-01-01T00:00:00Z"), "vision");
        var spec = DeploymentMother.spec();
        var at = Instant.parse("2025-01-01T00:00:00Z");
        return new DeploymentDetail(summary, spec, "7", "http://big.vision.svc:8080",
                new DeploymentDetail.Rollout(1, 1, 0, 0, false, null), null,
                List.of(new DeploymentDetail.PodView("big-1", null, null, "Pending", false, 0, reason, null)),
                List.of(), List.of(new DeploymentRevision(3, spec, "7", "dev", at, "update"),
                new DeploymentRevision(2, spec, "5", "dev", at, "update"),
                new DeploymentRevision(1, spec.withReplicas(1), "3", "dev", at, "create")));
    }
}
