package dev.converge.portal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.builds.Build;
import dev.converge.portal.builds.BuildStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each signal's rules on crafted inputs. */
class TrustSignalsTests {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String SHA = "a".repeat(64);
    static final String IMAGE = "registry.converge.local/vision/resnet@sha256:" + "b".repeat(64);
    static final String ARTIFACT = "teams/vision/resnet/1/model.onnx";

    static Workload.ContainerFacts safeContainer(String name) {
        return new Workload.ContainerFacts(name, true, false, false, true, true, 0, null, true, true);
    }

    static Workload.PodFacts template(Workload.ContainerFacts... containers) {
        return new Workload.PodFacts("resnet", null, false, List.of(), List.of(containers));
    }

    static Workload healthy() {
        var pod = new Workload.PodFacts("resnet-1", "Running", false, List.of(), List.of(safeContainer("server")));
        return new Workload(1, 1, template(safeContainer("model-download"), safeContainer("server")), List.of(pod));
    }

    static TrustSubject subject(String image, Workload workload) {
        return new TrustSubject(TrustSubject.DEPLOYMENT, "vision", "resnet", image, workload);
    }

    static Build build(BuildStatus status, String sha) {
        return new Build("vision", "resnet-build", status, ARTIFACT, sha, "python:3.12", "dev", NOW, NOW, NOW, 60L,
                "node-1", "zone-a", null, null, IMAGE, null, null);
    }

    @Nested
    class Provenance {

        @Test
        void aChainStoredBeforeBuildRetentionDeletedTheBuildStillHoldsAndSaysSo() {
            var stored = ProvenanceCheck.check(subject(IMAGE, healthy()), new ProvenanceCheck.Facts(IMAGE,
                    build(BuildStatus.SUCCEEDED, SHA), SHA, NOW));
            assertThat(stored.verdict().status()).isEqualTo(SignalStatus.PASS);
            assertThat(stored.verdict().evidence()).extracting(Verdict.Line::code)
                    .contains("trust.provenance.evidence.stored");
            assertThat(stored.chain()).filteredOn(link -> link.step().equals("build")).singleElement()
                    .satisfies(link -> assertThat(link.path()).as("the build's page is gone").isNull());
        }

        @Test
        void aDigestPinnedImageFromACheckedBuildOfARecordedArtifactPassesWithTheWholeChain() {
            var result = ProvenanceCheck.check(subject(IMAGE, healthy()),
                    new ProvenanceCheck.Facts(IMAGE, build(BuildStatus.SUCCEEDED, SHA), SHA));
            assertThat(result.verdict().status()).isEqualTo(SignalStatus.PASS);
            assertThat(result.chain()).extracting(ChainLink::step)
                    .containsExactly("artifact", "build", "image", "deployment");
            assertThat(result.chain()).allMatch(ChainLink::ok);
        }

        @Test
        void latestOrAnUnpinnedTagFails() {
            var latest = ProvenanceCheck.check(subject("nginx:latest", healthy()),
                    new ProvenanceCheck.Facts("nginx:latest", null, null));
            assertThat(latest.verdict().status()).isEqualTo(SignalStatus.FAIL);
            assertThat(latest.verdict().reason().code()).isEqualTo("trust.provenance.fail.latest");
            assertThat(ProvenanceCheck.check(subject("nginx", healthy()), new ProvenanceCheck.Facts("nginx", null,
                    null)).verdict().reason().code()).isEqualTo("trust.provenance.fail.latest");
            assertThat(ProvenanceCheck.check(subject("registry:5000/team/m:1.2", healthy()),
                    new ProvenanceCheck.Facts("registry:5000/team/m:1.2", null, null)).verdict().reason().code())
                    .isEqualTo("trust.provenance.fail.notPinned");
        }

        @Test
        void aPinnedImageNoBuildReportedFails() {
            var result = ProvenanceCheck.check(subject(IMAGE, healthy()), new ProvenanceCheck.Facts(IMAGE, null, null));
            assertThat(result.verdict().reason().code()).isEqualTo("trust.provenance.fail.noBuild");
            assertThat(result.chain()).extracting(ChainLink::step).containsExactly("image", "deployment");
        }

        @Test
        void anArtifactWhoseRecordedSumDiffersOrIsMissingFails() {
            var mismatch = ProvenanceCheck.check(subject(IMAGE, healthy()),
                    new ProvenanceCheck.Facts(IMAGE, build(BuildStatus.SUCCEEDED, SHA), "c".repeat(64)));
            assertThat(mismatch.verdict().reason().code()).isEqualTo("trust.provenance.fail.shaMismatch");
            assertThat(mismatch.chain().get(0).ok()).isFalse();
            var missing = ProvenanceCheck.check(subject(IMAGE, healthy()),
                    new ProvenanceCheck.Facts(IMAGE, build(BuildStatus.SUCCEEDED, SHA), null));
            assertThat(missing.verdict().reason().code()).isEqualTo("trust.provenance.fail.noRecordedSha");
            var unchecked = ProvenanceCheck.check(subject(IMAGE, healthy()),
                    new ProvenanceCheck.Facts(IMAGE, build(BuildStatus.SUCCEEDED, null), SHA));
            assertThat(unchecked.verdict().reason().code()).isEqualTo("trust.provenance.fail.buildUnchecked");
        }

        @Test
        void nothingOfItsOwnToRunIsNotApplicable() {
            assertThat(ProvenanceCheck.check(subject(null, null), new ProvenanceCheck.Facts(null, null, null))
                    .verdict().status()).isEqualTo(SignalStatus.NA);
        }
    }

    @Nested
    class RagProvenance {

        static TrustSubject rag(String image) {
            return new TrustSubject(TrustSubject.RAG, "vision", "docs", image, healthy(), "rag-docs");
        }

        @Test
        void anImageTheRagModelNamesIsCheckedForItsDigestAndChainedToTheModel() {
            var pinned = ProvenanceCheck.check(rag(IMAGE), new ProvenanceCheck.Facts(IMAGE, null, null));
            assertThat(pinned.verdict().status()).isEqualTo(SignalStatus.PASS);
            assertThat(pinned.chain()).extracting(ChainLink::step).containsExactly("image", "rag");
            assertThat(pinned.chain().get(1).path()).isEqualTo("/rag/models/vision/docs");
            var tagged = ProvenanceCheck.check(rag("team/runtime:2"), new ProvenanceCheck.Facts("team/runtime:2", null,
                    null));
            assertThat(tagged.verdict().reason().code()).isEqualTo("trust.provenance.fail.ragNotPinned");
            assertThat(tagged.verdict().fix()).isEqualTo("/rag/models/vision/docs");
        }

        @Test
        void thePortalsOwnRuntimeImageIsNotTheTeamsToPin() {
            assertThat(ProvenanceCheck.check(rag(null), new ProvenanceCheck.Facts(null, null, null)).verdict()
                    .reason().code()).isEqualTo("trust.provenance.na.portalRuntime");
        }
    }

    @Nested
    class Availability {

        static final Duration HOUR = Duration.ofHours(1);

        @Test
        void allReadyNoRestartNoFailingProbePasses() {
            assertThat(AvailabilityCheck.check(subject(IMAGE, healthy()), NOW, HOUR).status())
                    .isEqualTo(SignalStatus.PASS);
        }

        @Test
        void fewerReadyThanDesiredFails() {
            var workload = new Workload(3, 1, healthy().template(), healthy().pods());
            var verdict = AvailabilityCheck.check(subject(IMAGE, workload), NOW, HOUR);
            assertThat(verdict.status()).isEqualTo(SignalStatus.FAIL);
            assertThat(verdict.reason().code()).isEqualTo("trust.availability.fail.notReady");
        }

        @Test
        void aRestartWithinTheWindowFailsAnOlderOneDoesNot() {
            var recent = new Workload.ContainerFacts("server", true, false, false, true, true, 4,
                    NOW.minusSeconds(120), true, true);
            var old = new Workload.ContainerFacts("server", true, false, false, true, true, 4,
                    NOW.minus(Duration.ofHours(2)), true, true);
            var verdict = AvailabilityCheck.check(subject(IMAGE, withPodContainer(recent)), NOW, HOUR);
            assertThat(verdict.status()).isEqualTo(SignalStatus.FAIL);
            assertThat(verdict.reason().code()).isEqualTo("trust.availability.fail.restarts");
            assertThat(AvailabilityCheck.check(subject(IMAGE, withPodContainer(old)), NOW, HOUR).status())
                    .isEqualTo(SignalStatus.PASS);
        }

        @Test
        void aRestartOfUnknownTimeCountsAsRecent() {
            var unknown = new Workload.ContainerFacts("server", true, false, false, true, true, 1, null, true, true);
            assertThat(AvailabilityCheck.check(subject(IMAGE, withPodContainer(unknown)), NOW, HOUR).status())
                    .isEqualTo(SignalStatus.FAIL);
        }

        @Test
        void aRunningButUnreadyContainerIsAFailingProbe() {
            var unready = new Workload.ContainerFacts("server", true, false, false, true, true, 0, null, true, false);
            var verdict = AvailabilityCheck.check(subject(IMAGE, withPodContainer(unready)), NOW, HOUR);
            assertThat(verdict.reason().code()).isEqualTo("trust.availability.fail.probe");
        }

        @Test
        void scaledToZeroOrNoWorkloadIsNotApplicable() {
            assertThat(AvailabilityCheck.check(subject(IMAGE, new Workload(0, 0, healthy().template(), List.of())),
                    NOW, HOUR).status()).isEqualTo(SignalStatus.NA);
            assertThat(AvailabilityCheck.check(subject(IMAGE, null), NOW, HOUR).status()).isEqualTo(SignalStatus.NA);
        }

        private Workload withPodContainer(Workload.ContainerFacts container) {
            var pod = new Workload.PodFacts("resnet-1", "Running", false, List.of(), List.of(container));
            return new Workload(1, 1, healthy().template(), List.of(pod));
        }
    }

    @Nested
    class Safety {

        @Test
        void theRestrictedTemplatePasses() {
            assertThat(SafetyCheck.check(subject(IMAGE, healthy())).status()).isEqualTo(SignalStatus.PASS);
        }

        @Test
        void eachUnsafeSettingIsNamed() {
            var privileged = new Workload.ContainerFacts("server", true, false, true, true, true, 0, null, true, true);
            var root = new Workload.ContainerFacts("server", null, false, false, true, true, 0, null, true, true);
            var escalates = new Workload.ContainerFacts("server", true, null, false, true, true, 0, null, true, true);
            var noLimits = new Workload.ContainerFacts("server", true, false, false, true, false, 0, null, true, true);
            assertThat(problems(template(privileged))).containsExactly("trust.safety.problem.privileged");
            assertThat(problems(template(root))).containsExactly("trust.safety.problem.root");
            assertThat(problems(template(escalates))).containsExactly("trust.safety.problem.escalation");
            assertThat(problems(template(noLimits))).containsExactly("trust.safety.problem.limits");
            var host = new Workload.PodFacts("resnet", null, true, List.of("docker-sock"),
                    List.of(safeContainer("server")));
            assertThat(problems(host)).containsExactly("trust.safety.problem.hostNetwork",
                    "trust.safety.problem.hostPath");
        }

        private List<String> problems(Workload.PodFacts template) {
            var verdict = SafetyCheck.check(subject(IMAGE, new Workload(1, 1, template, List.of())));
            assertThat(verdict.status()).isEqualTo(SignalStatus.FAIL);
            return verdict.evidence().stream().map(Verdict.Line::code).toList();
        }
    }

    @Nested
    class Quality {

        final TrustPolicy policy = TrustSettings.defaults().policyFor("vision");

        @Test
        void withoutASourceOrALinkedRunItIsNotApplicable() {
            assertThat(QualityCheck.check(subject(IMAGE, healthy()), policy, null).reason().code())
                    .isEqualTo("trust.quality.na.noSource");
            assertThat(QualityCheck.check(subject(IMAGE, healthy()), policy, Optional.empty()).reason().code())
                    .isEqualTo("trust.quality.na.noRun");
        }

        @Test
        void metricsMeetingThePolicyPassAMissOrAMissingMetricFails() {
            assertThat(check(Map.of("accuracy", 0.93, "drift", 0.05)).status()).isEqualTo(SignalStatus.PASS);
            var low = check(Map.of("accuracy", 0.85, "drift", 0.05));
            assertThat(low.status()).isEqualTo(SignalStatus.FAIL);
            assertThat(low.reason().code()).isEqualTo("trust.quality.fail.threshold");
            assertThat(check(Map.of("accuracy", 0.95, "drift", 0.2)).status()).isEqualTo(SignalStatus.FAIL);
            assertThat(check(Map.of("accuracy", 0.95)).reason().code()).isEqualTo("trust.quality.fail.missing");
        }

        @Test
        void reportedProblemsFailOnTheirOwn() {
            var report = new QualityReport("RAG index docs", "/rag", NOW, Map.of("accuracy", 1.0, "drift", 0.0),
                    List.of("3 documents failed to index"));
            assertThat(QualityCheck.check(subject(null, null), policy, Optional.of(report)).reason().code())
                    .isEqualTo("trust.quality.fail.problems");
        }

        @Test
        void aRagModelsQualityIsItsIndexingTheMetricThresholdsDoNotApply() {
            var rag = new TrustSubject(TrustSubject.RAG, "vision", "docs", null, healthy(), "rag-docs");
            var indexed = new QualityReport("indexing of 3 documents (phase Ready)", "/rag/models/vision/docs", NOW,
                    Map.of(), List.of());
            assertThat(QualityCheck.check(rag, policy, Optional.of(indexed)).reason().code())
                    .isEqualTo("trust.quality.pass.rag");
            var failed = new QualityReport("indexing of 2 documents (phase Degraded)", "/rag/models/vision/docs", NOW,
                    Map.of(), List.of("1 document failed to index: broken.pdf"));
            var verdict = QualityCheck.check(rag, policy, Optional.of(failed));
            assertThat(verdict.status()).isEqualTo(SignalStatus.FAIL);
            assertThat(verdict.reason().args()).contains("1 document failed to index: broken.pdf");
            assertThat(verdict.fix()).isEqualTo("/rag/models/vision/docs");
        }

        private Verdict check(Map<String, Double> metrics) {
            return QualityCheck.check(subject(IMAGE, healthy()), policy,
                    Optional.of(new QualityReport("MLflow run 1", "/mlflow/runs/1", NOW, metrics, List.of())));
        }
    }

    @Nested
    class Cost {

        @Test
        void withinTheShareFailsOverIt() {
            assertThat(CostCheck.check(subject(IMAGE, healthy()), null).status()).isEqualTo(SignalStatus.NA);
            assertThat(CostCheck.check(subject(IMAGE, healthy()), Optional.empty()).status())
                    .isEqualTo(SignalStatus.NA);
            assertThat(CostCheck.check(subject(IMAGE, healthy()),
                    Optional.of(new CostReport(90, 100, "EUR", null))).status()).isEqualTo(SignalStatus.PASS);
            assertThat(CostCheck.check(subject(IMAGE, healthy()),
                    Optional.of(new CostReport(120, 100, "EUR", null))).status()).isEqualTo(SignalStatus.FAIL);
        }
    }

    @Nested
    class Policy {

        @Test
        void thresholdsAreParsedAndCheckedBadOnesAreRefusedByName() {
            assertThat(Threshold.parse("accuracy>=0.9").metBy(0.9)).isTrue();
            assertThat(Threshold.parse(" drift <= 0.1 ").metBy(0.11)).isFalse();
            assertThatThrownBy(() -> Threshold.parse("accuracy=>0.9")).hasMessageContaining("accuracy=>0.9");
            assertThatThrownBy(() -> new TrustSettings(List.of("vibes"), List.of(), 0.8, Map.of(),
                    Duration.ofHours(1), Duration.ofMinutes(1), 10, 1.0)).hasMessageContaining("vibes");
        }

        @Test
        void aTeamPolicyOverridesOnlyWhatItSets() {
            var settings = new TrustSettings(List.of("provenance", "safety"), List.of("accuracy>=0.9"), 0.5,
                    Map.of("vision", new TrustSettings.TeamPolicy(null, List.of("f1>=0.7"), 1.0, 0.25)),
                    Duration.ofHours(1), Duration.ofMinutes(1), 10, 0.5);
            var vision = settings.policyFor("vision");
            assertThat(vision.signals()).containsExactly(Signal.PROVENANCE, Signal.SAFETY);
            assertThat(vision.thresholds()).extracting(Threshold::metric).containsExactly("f1");
            assertThat(vision.minimum()).isEqualTo(1.0);
            assertThat(settings.policyFor("language").minimum()).isEqualTo(0.5);
            assertThat(vision.budgetShare()).isEqualTo(0.25);
            assertThat(settings.policyFor("language").budgetShare()).isEqualTo(0.5);
        }

        @Test
        void aBudgetShareOutsideZeroToOneStopsTheStartNamingTheProperty() {
            assertThatThrownBy(() -> new TrustSettings(List.of("cost"), List.of(), 0.8, Map.of(),
                    Duration.ofHours(1), Duration.ofMinutes(1), 10, 0)).hasMessageContaining("budget-share");
            assertThatThrownBy(() -> new TrustSettings(List.of("cost"), List.of(), 0.8,
                    Map.of("vision", new TrustSettings.TeamPolicy(null, null, null, 1.5)), Duration.ofHours(1),
                    Duration.ofMinutes(1), 10, 1.0)).hasMessageContaining("budget-share");
        }
    }
}
