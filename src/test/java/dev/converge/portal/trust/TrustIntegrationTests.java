package dev.converge.portal.trust;

import static dev.converge.portal.security.SecurityMother.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.UUID;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.security.ConfiguredUsers;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trust dashboard on the sandbox: a model built from an uploaded artifact and deployed pinned by digest scores
 * full on the signals that apply; the JSON shape of docs/api.md; another team's scorecard is answered exactly like a
 * missing one; bad filters are refused naming the field; score changes are recorded.
 */
@SpringBootTest(properties = {"portal.sandbox.build-duration=1s", "portal.sandbox.pod-start-delay=100ms"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class TrustIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    @Autowired
    Artifacts artifacts;

    @Autowired
    Builds builds;

    @Autowired
    DeploymentManager deployments;

    @Autowired
    KubernetesClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TrustBoard board;

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aModelBuiltFromAnUploadAndPinnedByDigestScoresFullAndAPrivilegedSpecLowersIt() throws Exception {
        var name = "trusted-" + UUID.randomUUID().toString().substring(0, 6);
        var image = TrustSandbox.deployBuiltModel(artifacts, builds, deployments, name);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(board.card(TrustSubject.DEPLOYMENT, "vision", name)).hasValueSatisfying(card -> {
                    assertThat(card.failing()).isEmpty();
                    assertThat(card.score()).isEqualTo(1.0);
                }));

        mvc.perform(get("/trust").param("namespace", "vision").with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.total").isNumber())
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')].kind").value("deployment"))
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')].score").value(1.0))
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')].minimum").value(0.8))
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')].signals[0].name").value("provenance"))
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')].signals[0].status").value("pass"))
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')].signals[2].status").value("na"));

        var detail = json.readTree(mvc.perform(get("/trust/vision/" + name).with(signedInAs(users, "viewer"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(detail.path("chain").findValuesAsString("step"))
                .containsExactly("artifact", "build", "image", "deployment");
        assertThat(detail.path("chain").get(2).path("label").asString()).isEqualTo(image);
        assertThat(detail.path("signals").get(0).path("evidence").toString()).contains("SHA-256 recorded at upload");
        assertThat(detail.path("history").size()).isGreaterThanOrEqualTo(1);

        mvc.perform(get("/trust/vision/" + name).with(signedInAs(users, "dev")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"trust-history\"")))
                .andExpect(content().string(containsString("/assets/js/trust")));

        TrustSandbox.makePrivileged(client, name);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(board.card(TrustSubject.DEPLOYMENT, "vision", name).orElseThrow().failing())
                        .contains("safety"));
        mvc.perform(get("/trust").param("failing", "safety").param("score", "below")
                        .with(signedInAs(users, "dev")).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')].signals[3].reason")
                        .value(org.hamcrest.Matchers.hasItem(containsString("problems in its pod spec"))));
        mvc.perform(get("/deployments").with(signedInAs(users, "dev")))
                .andExpect(content().string(containsString(
                        "Trust: vision/" + name + " fell below team vision&#39;s minimum")))
                .andExpect(content().string(containsString(
                        "sse-connect=\"/sse/stream?topics=trust&amp;scope=layout\"")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM trust_score_changes WHERE name = ?").param(name)
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
        // the fall below the minimum is recorded with the failing signals
        assertThat(jdbc.sql("SELECT failing FROM trust_score_changes WHERE name = ? AND below_minimum = TRUE")
                .param(name).query(String.class).list()).anySatisfy(failing -> assertThat(failing).contains("safety"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM trust_daily_snapshots WHERE name = ?").param(name)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void provenanceStillPassesFromTheStoredChainOnceBuildRetentionDeletedTheBuildPod() {
        var name = "kept-" + UUID.randomUUID().toString().substring(0, 6);
        var image = TrustSandbox.deployBuiltModel(artifacts, builds, deployments, name);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(board.card(TrustSubject.DEPLOYMENT,
                "vision", name)).hasValueSatisfying(card -> assertThat(card.failing()).isEmpty()));
        assertThat(jdbc.sql("SELECT build_name, artifact_sha256 = build_sha256, subject_name FROM trust_provenance "
                        + "WHERE namespace = 'vision' AND image = ?").param(image)
                .query((rs, row) -> rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getString(3)).single())
                .isEqualTo(name + "-build true " + name);

        client.pods().inNamespace("vision").withName(name + "-build").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> builds.builtImage("vision", image).isEmpty());
        board.recompute(TrustSubject.DEPLOYMENT, "vision", name);

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            var provenance = board.card(TrustSubject.DEPLOYMENT, "vision", name).orElseThrow().signals().get(0);
            assertThat(provenance.evidence()).anySatisfy(line -> assertThat(line).contains("build retention"));
            assertThat(provenance.status()).isEqualTo("pass");
        });
        var chain = board.card(TrustSubject.DEPLOYMENT, "vision", name).orElseThrow().chain();
        assertThat(chain).extracting(ChainLink::step).containsExactly("artifact", "build", "image", "deployment");
        assertThat(chain).allSatisfy(link -> assertThat(link.ok()).isTrue());
    }

    @Test
    void anotherTeamsScorecardIsNotFoundExactlyLikeAMissingOne() throws Exception {
        var name = "secret-" + UUID.randomUUID().toString().substring(0, 6);
        board.apply(new Scorecard("vision", name, TrustSubject.DEPLOYMENT, "vision", 1.0, 0.8, 1, 1,
                java.util.List.of(), java.util.List.of(), java.time.Instant.now()));
        var theirs = mvc.perform(get("/trust/vision/" + name).with(signedInAs(users, "dev2"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        var missing = mvc.perform(get("/trust/vision/" + name + "-none").with(signedInAs(users, "dev2"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        assertThat(theirs.replace(name, "X")).isEqualTo(missing.replace(name + "-none", "X"));
        mvc.perform(get("/trust").with(signedInAs(users, "dev2")).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')]").isEmpty());
        mvc.perform(get("/trust").param("namespace", "vision").with(signedInAs(users, "dev2"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/trust/vision/" + name).with(signedInAs(users, "admin")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        mvc.perform(get("/trust/%2e%2e/" + name).with(signedInAs(users, "admin")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().is4xxClientError());
        mvc.perform(get("/trust/vision/<script>").with(signedInAs(users, "admin")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound());
    }

    @Test
    void badFiltersAreRefusedNamingTheField() throws Exception {
        mvc.perform(get("/trust").param("failing", "vibes").with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("failing")));
        mvc.perform(get("/trust").param("score", "<b>0.5</b>").with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("score")));
        mvc.perform(get("/trust/vision/resnet").param("kind", "<b>rag</b>").with(signedInAs(users, "dev"))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("kind")));
        mvc.perform(get("/trust").with(signedInAs(users, "viewer")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("sse-connect=\"/sse/stream?topics=trust&amp;lastEventId=")));
    }
}
