package dev.converge.portal;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/** The package rules of STYLE.md, checked on the compiled main classes. */
class ArchitectureRulesTests {

    static final List<String> FEATURES = List.of("builds", "deployments", "artifacts", "rag", "chat", "experiments",
            "cost", "trust", "live", "architecture", "audit", "health", "home", "security");

    /** What features stand on: the ground floor, the gateway to the cluster and stores, the simulated cluster. */
    static final List<String> FLOORS = List.of("shared", "platform", "sandbox");

    static final String PORTAL = "dev.converge.portal.";

    /**
     * The feature classes that map to or from Kubernetes objects. The live publisher base and its informer source
     * take any object ({@code HasMetadata}); each feature's publisher turns its kind into a row. Still here though
     * they are more than mappers: {@code DeploymentViews} (reads the caches), {@code DeploymentManager} and
     * {@code DeploymentDependents} (write the cluster), {@code DeploymentValidator}, {@code Zones} and
     * {@code EventWording} read objects in place.
     */
    static final List<String> KUBERNETES_MAPPERS = List.of(
            "live.InformerSource", "live.StatusLivePublisher",
            "builds.BuildPods", "builds.Builds", "builds.BuildRetention", "builds.BuildsLivePublisher",
            "deployments.DeploymentState", "deployments.DeploymentManifests", "deployments.SpecReader",
            "deployments.ResourceAmounts", "deployments.EventWording", "deployments.DeploymentViews",
            "deployments.DeploymentManager", "deployments.DeploymentDependents",
            "deployments.DeploymentLogs", "deployments.DeploymentValidator", "deployments.Zones",
            "deployments.DeploymentsLivePublisher", "deployments.DeploymentDetailsLivePublisher",
            "deployments.WorkingHoursScaler",
            "cost.ClusterReader", "cost.AdviceFollowsDeployments", "trust.DeploymentSubjects",
            "trust.TrustInformerListener",
            // the trust dashboard's evidence from other features: a subject's pods (cost), RAG models and runtimes
            "cost.TrustCostEvidence", "rag.RagTrustSubjects", "rag.RagTrustListener", "rag.RagTrustQuality",
            // rag: the custom resource itself, its manifests and reconciler, the views and manager of RagModels,
            // the defaults read off one, its validator (reads Deployments) and the discovery of foreign kinds
            "rag.RagModel", "rag.RagManifests", "rag.RagReconciler", "rag.RagModelViews", "rag.RagModelManager",
            "rag.RagDefaults", "rag.RagModelValidator", "rag.RagDiscovery", "rag.RagLivePublisher");

    static JavaClasses portal;

    @BeforeAll
    static void importMainClasses() {
        portal = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.converge.portal");
    }

    @Test
    void controllersLiveInWebPackages() {
        classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().resideInAPackage("..web..")
                .check(portal);
    }

    @Test
    void controllersAreNotPublic() {
        classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().notBePublic()
                .check(portal);
    }

    @Test
    void onlyPlatformCodeTalksToStorageMlflowAndHttpClientsDirectly() {
        noClasses().that().resideOutsideOfPackages("dev.converge.portal.platform..", "dev.converge.portal.sandbox..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.minio..", "org.mlflow..", "okhttp3..", "org.gaul..")
                .check(portal);
    }

    /** Every simulation lives in the one top-level sandbox module, so it never reads as production code. */
    @Test
    void simulationsLiveInTheSandboxModule() {
        classes().that().resideInAPackage("..sandbox..")
                .should().resideInAPackage("dev.converge.portal.sandbox..")
                .check(portal);
    }

    /** Production code reaches the sandbox only through interfaces it owns; the sandbox wires itself in. */
    @Test
    void noProductionPackageDependsOnTheSandbox() {
        noClasses().that().resideOutsideOfPackage("dev.converge.portal.sandbox..")
                .should().dependOnClassesThat().resideInAPackage("..sandbox..")
                .check(portal);
    }

    /** Each top-level package (feature, platform, shared, sandbox) may lean on others, never in a circle. */
    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("dev.converge.portal.(*)..").should().beFreeOfCycles().check(portal);
    }

    /** {@code shared} is the ground floor: everything may use it, it uses nothing of ours. */
    @Test
    void sharedDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.converge.portal.shared..")
                .should().dependOnClassesThat(resideInAPackage("dev.converge.portal..")
                        .and(resideOutsideOfPackage("dev.converge.portal.shared..")))
                .check(portal);
    }

    /**
     * {@code live} is the hub: the stream, topics, replay and a publisher base. Rows, state rules and publishers
     * belong to their features, which lean on the hub, never the other way round. Besides the ground floor
     * ({@code shared}, {@code platform}, the root package) it knows only who is watching ({@code security}'s
     * {@code CurrentUser}): each viewer gets the events of the namespaces they may read.
     */
    @Test
    void liveDependsOnNoFeature() {
        noClasses().that().resideInAPackage("dev.converge.portal.live..")
                .should().dependOnClassesThat(resideInAPackage("dev.converge.portal..")
                        .and(resideOutsideOfPackages("dev.converge.portal.live..", "dev.converge.portal.shared..",
                                "dev.converge.portal.platform..", "dev.converge.portal.security.."))
                        .and(not(resideInAPackage("dev.converge.portal"))))
                .check(portal);
    }

    /**
     * Kubernetes object types stay where objects are mapped: the gateway ({@code platform}), the simulated cluster
     * ({@code sandbox}), and the feature classes named in {@link #KUBERNETES_MAPPERS}. Everything else works on the
     * portal's own records (summaries, rows, specs), so a page, a controller or the live hub never reads a
     * Kubernetes object's fields itself.
     */
    @Test
    void kubernetesModelTypesStayInTheClassesThatMapThem() {
        assertThat(KUBERNETES_MAPPERS).allSatisfy(name ->
                assertThat(portal.contain(PORTAL + name)).as("%s exists (keep the list current)", name).isTrue());
        noClasses().that().resideOutsideOfPackages(PORTAL + "platform..", PORTAL + "sandbox..")
                .and(not(belongTo(describe("one of " + KUBERNETES_MAPPERS,
                        type -> KUBERNETES_MAPPERS.contains(type.getName().substring(PORTAL.length()))))))
                .should().dependOnClassesThat().resideInAPackage("io.fabric8.kubernetes.api.model..")
                .check(portal);
    }

    /**
     * Every top-level package is either a feature or one of the floors it stands on, so the feature rules below run
     * on every feature: one left out of {@link #FEATURES} would pass them unchecked.
     */
    @Test
    void everyTopLevelPackageIsAFeatureOrAFloor() {
        var topLevel = portal.getPackage("dev.converge.portal").getSubpackages().stream()
                .map(JavaPackage::getRelativeName).collect(Collectors.toCollection(TreeSet::new));
        var features = new TreeSet<>(topLevel);
        features.removeAll(FLOORS);

        assertThat(features).containsExactlyInAnyOrderElementsOf(FEATURES);
    }

    /**
     * A feature's web package (controllers, forms) is its own. A feature without one yet is skipped, and says so,
     * rather than passing a rule that checked nothing.
     */
    @ParameterizedTest
    @MethodSource("features")
    void featuresDoNotReachIntoOtherFeaturesWebPackages(String feature) {
        var web = PORTAL + feature + ".web";
        assumeTrue(portal.containPackage(web), feature + " has no web package yet");
        noClasses().that().resideOutsideOfPackage(PORTAL + feature + "..")
                .should().dependOnClassesThat().resideInAPackage(web + "..")
                .check(portal);
    }

    static List<String> features() {
        return FEATURES;
    }
}
