package dev.converge.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import dev.converge.portal.platform.kubernetes.ClusterModeResolver;
import dev.converge.portal.platform.kubernetes.KubernetesClientConfiguration;
import dev.converge.portal.sandbox.SandboxConfiguration;
import dev.converge.portal.sandbox.kubernetes.ClusterSimulation;
import dev.converge.portal.sandbox.kubernetes.SandboxCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders {@code helm/converge-portal} with the real Helm library (helm-java) under several values files and checks
 * what a platform admin relies on before installing it: a hardened pod, probes on the portal's own endpoints,
 * least-privilege RBAC scoped to the teams' namespaces, and no secret in the ConfigMap.
 */
class HelmChartTests {

    private static final Path CHART = Path.of("helm/converge-portal");
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Path VALUES_DIR = Path.of("src/test/resources/helm");
    private static final String RELEASE = "portal";
    private static final String NAMESPACE = "converge";
    private static final String DEFAULTS = "default";

    /** Cluster-scoped kinds: their identity has no namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding");
    private static final Set<String> RBAC_KINDS = Set.of("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    /** Verbs that let a holder widen its own rights or act as someone else. */
    private static final Set<String> ESCALATING_VERBS = Set.of("*", "escalate", "bind", "impersonate");
    private static final Set<String> BROAD_ROLES = Set.of("cluster-admin", "admin", "edit");

    @TempDir
    static Path workDir;

    /**
     * The embedded Helm library reports Kubernetes v1.20.0 as its default capabilities and helm-java cannot pass
     * {@code --kube-version}, so rendering uses a copy of the chart without the {@code kubeVersion} constraint. Lint
     * runs on unmodified copies, and {@link #chartStillDeclaresTheKubernetesVersionItSupports()} keeps the constraint.
     */
    private static Path renderableChart;

    private static final Map<String, List<HasMetadata>> RENDERED = new HashMap<>();

    @BeforeAll
    static void copyChartForRendering() throws IOException {
        renderableChart = copyChart(workDir.resolve("renderable"));
        Path chartYaml = renderableChart.resolve("Chart.yaml");
        Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*\\R", ""));
    }

    static Stream<String> valuesFiles() {
        return Stream.of(DEFAULTS, "teams", "shared-namespace", "cluster-wide", "no-rbac", "persistent-h2", "production",
                "scaled-on-postgres", "oidc", "ingress", "httproute", "autoscaled");
    }

    // ---- every values file ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void lintPassesInStrictMode(String values) throws IOException {
        LintResult lint = new Helm(chartWithDefaultValuesFrom(values)).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void podRunsHardened(String values) {
        PodSpec pod = deployment(values).getSpec().getTemplate().getSpec();
        var podSecurity = pod.getSecurityContext();
        Container portal = portalContainer(pod);
        var security = portal.getSecurityContext();

        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getRunAsUser()).isPositive();
        assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(security.getCapabilities().getDrop()).contains("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void podHasResourcesAWritableTmpAndProbesOnThePortalEndpoints(String values) {
        PodSpec pod = deployment(values).getSpec().getTemplate().getSpec();
        Container portal = portalContainer(pod);

        assertThat(portal.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(portal.getResources().getLimits()).containsKey("memory");
        assertThat(volumeMountedAt(pod, portal, "/tmp").getEmptyDir()).isNotNull();
        assertThat(portal.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertHttpProbe(portal.getLivenessProbe(), "/health");
        assertHttpProbe(portal.getReadinessProbe(), "/readiness");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void serviceSendsTrafficToTheHttpPortOfThePortalPods(String values) {
        Service service = one(values, Service.class);
        Map<String, String> podLabels = deployment(values).getSpec().getTemplate().getMetadata().getLabels();

        assertThat(service.getSpec().getPorts())
                .isNotEmpty()
                .allSatisfy(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void rbacNeverGrantsWildcardsSecretsOrEscalation(String values) {
        List<PolicyRule> rules = Stream.concat(
                        all(values, Role.class).stream().flatMap(role -> role.getRules().stream()),
                        all(values, ClusterRole.class).stream().flatMap(role -> role.getRules().stream()))
                .toList();

        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*", "secrets");
            assertThat(rule.getVerbs()).doesNotContainAnyElementsOf(ESCALATING_VERBS);
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void bindingsGiveOnlyThePortalServiceAccountOnlyTheChartsOwnRoles(String values) {
        List<HasMetadata> manifests = render(values);
        String serviceAccount = deployment(values).getSpec().getTemplate().getSpec().getServiceAccountName();
        Stream<BindingView> bindings = Stream.concat(
                all(values, RoleBinding.class).stream().map(b ->
                        new BindingView(b.getMetadata().getNamespace(), b.getRoleRef(), b.getSubjects())),
                all(values, ClusterRoleBinding.class).stream().map(b ->
                        new BindingView(null, b.getRoleRef(), b.getSubjects())));

        assertThat(bindings).allSatisfy(binding -> {
            assertThat(binding.roleRef().getName()).isNotIn(BROAD_ROLES);
            assertThat(manifests)
                    .as("the bound %s %s is rendered by the chart", binding.roleRef().getKind(), binding.roleRef().getName())
                    .anyMatch(object -> object.getKind().equals(binding.roleRef().getKind())
                            && object.getMetadata().getName().equals(binding.roleRef().getName())
                            && Objects.equals(object.getMetadata().getNamespace(), binding.namespace()));
            assertThat(binding.subjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(serviceAccount);
                assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void noTwoObjectsClaimTheSameName(String values) {
        // Helm refuses to install a release that renders the same object twice.
        assertThat(render(values))
                .extracting(object -> object.getKind() + " "
                        + (CLUSTER_SCOPED.contains(object.getKind()) ? "" : namespaceOf(object) + "/")
                        + object.getMetadata().getName())
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void configMapNeverCarriesASecret(String values) {
        Properties properties = applicationProperties(values);
        Container portal = portalContainer(deployment(values).getSpec().getTemplate().getSpec());

        assertThat(properties.stringPropertyNames()).noneMatch(key -> key.matches("(?i).*(password|secret|token).*"));
        assertThat(portal.getEnv()).noneMatch(env -> env.getName().matches("(?i).*(PASSWORD|SECRET|TOKEN).*")
                && env.getValue() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void dataOnAReadWriteOnceClaimIsNeverMountedByTwoPodsDuringARollout(String values) {
        Deployment deployment = deployment(values);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Volume data = volumeMountedAt(pod, portalContainer(pod), "/data");

        if (data.getPersistentVolumeClaim() != null) {
            assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        } else {
            assertThat(data.getEmptyDir()).isNotNull();
        }
    }

    // ---- RBAC modes ----

    @Test
    void defaultsRenderNoWritableRightsOnWorkloadsAtAll() {
        assertThat(workloadRoles(DEFAULTS)).isEmpty();
        assertThat(all(DEFAULTS, ClusterRole.class)).allSatisfy(HelmChartTests::assertReadOnly);
    }

    @Test
    void leaderElectionMayOnlyTouchLeasesInTheReleaseNamespace() {
        assertThat(all(DEFAULTS, Role.class)).singleElement().satisfies(role -> {
            assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
            assertThat(role.getRules()).singleElement().satisfies(rule -> {
                assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
                assertThat(rule.getResources()).containsExactly("leases");
                assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update");
            });
        });
    }

    @Test
    void eachTeamNamespaceGetsARoleAndABindingAndNothingClusterWideCanWrite() {
        assertThat(workloadRoles("teams")).extracting(HelmChartTests::namespaceOf)
                .containsExactlyInAnyOrder("vision", "ml-language");
        assertThat(workloadBindings("teams")).extracting(HelmChartTests::namespaceOf)
                .containsExactlyInAnyOrder("vision", "ml-language");
        assertThat(workloadRoles("teams")).allSatisfy(role -> assertThat(role.getRules())
                .anyMatch(rule -> rule.getResources().contains("deployments") && rule.getVerbs().contains("create")));
        assertThat(all("teams", ClusterRole.class)).allSatisfy(HelmChartTests::assertReadOnly);
    }

    @Test
    void teamsSharingANamespaceGetOneRoleThere() {
        assertThat(workloadRoles("shared-namespace")).extracting(HelmChartTests::namespaceOf)
                .containsExactlyInAnyOrder("ml-shared", "speech");
        assertThat(workloadBindings("shared-namespace")).extracting(HelmChartTests::namespaceOf)
                .containsExactlyInAnyOrder("ml-shared", "speech");
    }

    @Test
    void clusterWideModeBindsAClusterRoleForWorkloadsInsteadOfRoles() {
        assertThat(workloadRoles("cluster-wide")).isEmpty();
        assertThat(workloadBindings("cluster-wide")).isEmpty();
        assertThat(all("cluster-wide", ClusterRole.class)).anySatisfy(role -> assertThat(role.getRules())
                .anyMatch(rule -> rule.getResources().contains("deployments") && rule.getVerbs().contains("create")));
        assertThat(all("cluster-wide", ClusterRoleBinding.class)).hasSize(all("cluster-wide", ClusterRole.class).size());
    }

    @Test
    void rbacCreateFalseRendersNoRbac() {
        assertThat(render("no-rbac")).noneMatch(object -> RBAC_KINDS.contains(object.getKind()));
        assertThat(one("no-rbac", ServiceAccount.class)).isNotNull();
    }

    // ---- configuration ----

    @Test
    void configMapCarriesTheTeamsAndTheirNamespaces() {
        Properties properties = applicationProperties("teams");

        assertThat(properties)
                .containsEntry("portal.kubernetes.mode", "cluster")
                .containsEntry("portal.data-dir", "/data")
                .containsEntry("portal.teams[0].name", "vision")
                .containsEntry("portal.teams[1].name", "nlp")
                .containsEntry("portal.teams[1].namespace", "ml-language")
                .doesNotContainKey("portal.teams[0].namespace")
                .doesNotContainKey("spring.datasource.url");
    }

    @Test
    void productionUsesPostgresSecretsFromTheExistingSecretAClaimAndAnIngress() {
        Properties properties = applicationProperties("production");
        PodSpec pod = deployment("production").getSpec().getTemplate().getSpec();
        Container portal = portalContainer(pod);
        Ingress ingress = one("production", Ingress.class);

        assertThat(properties)
                .containsEntry("spring.datasource.url", "jdbc:postgresql://postgres.databases.svc:5432/portal")
                .containsEntry("spring.datasource.username", "portal")
                .containsEntry("portal.cors.allowed-origins", "https://notebooks.example.com");
        assertThat(portal.getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getSecretRef().getName()).isEqualTo("converge-portal-secrets"));
        PersistentVolumeClaim claim = one("production", PersistentVolumeClaim.class);
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getResources().getRequests().get("storage")).hasToString("5Gi");
        assertThat(volumeMountedAt(pod, portal, "/data").getPersistentVolumeClaim().getClaimName())
                .isEqualTo(claim.getMetadata().getName());
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("portal-tls"));
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("portal.converge.example.com");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getBackend().getService().getName())
                        .isEqualTo(one("production", Service.class).getMetadata().getName());
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
    }

    @Test
    void withoutTheIngressFlagNothingIsExposedOutsideTheCluster() {
        assertThat(all(DEFAULTS, Ingress.class)).isEmpty();
        assertThat(one(DEFAULTS, Service.class).getSpec().getType()).isEqualTo("ClusterIP");
    }

    // ---- schema ----

    @Test
    void unknownKubernetesModeIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> render("invalid-mode"))
                .hasMessageContaining("portal.kubernetesMode")
                .hasMessageContaining("sandbox");
    }

    @Test
    void teamNameThatIsNotANamespaceNameIsRejected() {
        assertThatThrownBy(() -> render("invalid-team-name"))
                .hasMessageContaining("portal.teams.0.name")
                .hasMessageContaining("Does not match pattern");
    }

    @Test
    void severalReplicasNeedPostgresAndNoSharedClaim() {
        assertThatThrownBy(() -> render("invalid-replicas-on-h2"))
                .hasMessageContaining("replicaCount")
                .hasMessageContaining("database.url");
        assertThatThrownBy(() -> render("invalid-replicas-on-claim"))
                .hasMessageContaining("persistence.enabled")
                .hasMessageContaining("replicaCount 1");
        assertThat(deployment("scaled-on-postgres").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void chartStillDeclaresTheKubernetesVersionItSupports() throws IOException {
        assertThat(Files.readString(CHART.resolve("Chart.yaml"))).containsPattern("(?m)^kubeVersion: \"?>=1\\.27");
    }

    // ---- production: RBAC table, secrets, replicas, single sign-on, routes ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void rbacGrantsOnlyWhatTheDocumentedTableLists(String values) {
        RbacTable table = RbacTable.read();
        Stream<PolicyRule> rules = Stream.concat(
                all(values, Role.class).stream().flatMap(role -> role.getRules().stream()),
                all(values, ClusterRole.class).stream().flatMap(role -> role.getRules().stream()));

        assertThat(rules).allSatisfy(rule -> rule.getApiGroups().forEach(group -> rule.getResources().forEach(
                resource -> assertThat(rule.getVerbs()).allSatisfy(verb -> assertThat(table.allows(group, resource, verb))
                        .as("%s %s %s is granted but not in %s", group, resource, verb, RbacTable.DOCUMENT)
                        .isTrue()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void everySecretKeyTheChartReadsIsDocumented(String values) throws IOException {
        String documented = Files.readString(RbacTable.DOCUMENT).replaceAll("(?s).*<!-- secret-keys:start -->", "")
                .replaceAll("(?s)<!-- secret-keys:end -->.*", "");

        assertThat(referencedSecretKeys(values)).allSatisfy(key ->
                assertThat(documented).as("secret key %s documented in %s", key, RbacTable.DOCUMENT)
                        .contains("`" + key + "`"));
    }

    @Test
    void threeReplicasOnPostgresSpreadOutKeepABudgetAndReadEachSecretByKey() {
        Deployment deployment = deployment("scaled-on-postgres");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();

        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> {
                    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getLabelSelector().getMatchLabels()).isEqualTo(selector);
                });
        assertThat(pod.getTopologySpreadConstraints()).singleElement()
                .satisfies(spread -> assertThat(spread.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
        assertThat(one("scaled-on-postgres", PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels())
                .isEqualTo(selector);
        assertThat(portalContainer(pod).getEnv()).extracting(EnvVar::getName)
                .contains("SPRING_DATASOURCE_PASSWORD", "PORTAL_STORAGE_ACCESSKEY", "PORTAL_STORAGE_SECRETKEY",
                        "PORTAL_MLFLOW_TOKEN");
        assertThat(applicationProperties("scaled-on-postgres"))
                .containsEntry("server.forward-headers-strategy", "native")
                .containsEntry("portal.storage.endpoint", "https://minio.storage.svc:9000");
    }

    @Test
    void oneReplicaHasSoftAntiAffinityAndNoBudgetThatWouldBlockDrains() {
        PodSpec pod = deployment(DEFAULTS).getSpec().getTemplate().getSpec();

        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .hasSize(1);
        assertThat(all(DEFAULTS, PodDisruptionBudget.class)).isEmpty();
        assertThat(one(DEFAULTS, NetworkPolicy.class).getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getPorts()).singleElement()
                        .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http")));
    }

    @Test
    void singleSignOnPutsItsMappingInTheConfigMapAndItsSecretInAKeyReference() {
        Properties properties = applicationProperties("oidc");
        Container portal = portalContainer(deployment("oidc").getSpec().getTemplate().getSpec());

        assertThat(properties)
                .containsEntry("portal.security.oidc.enabled", "true")
                .containsEntry("portal.security.oidc.issuer-uri", "https://login.example.com/realms/platform")
                .containsEntry("portal.security.oidc.client-id", "converge-portal")
                .containsEntry("portal.security.oidc.roles[platform-admins]", "ADMIN")
                .containsEntry("portal.security.oidc.teams[nlp-team]", "nlp");
        assertThat(portal.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("PORTAL_SECURITY_OIDC_CLIENTSECRET");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("portal-oidc");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("client-secret");
        });
    }

    @Test
    void ingressAndHttpRouteSendTrafficToTheService() {
        String service = one(DEFAULTS, Service.class).getMetadata().getName();
        Ingress ingress = one("ingress", Ingress.class);
        HTTPRoute route = one("httproute", HTTPRoute.class);

        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> assertThat(rule.getHttp().getPaths())
                .singleElement().satisfies(path -> assertThat(path.getBackend().getService().getName())
                        .isEqualTo(service)));
        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(route.getSpec().getHostnames()).containsExactly("portal.example.com");
        assertThat(route.getSpec().getParentRefs()).singleElement()
                .satisfies(parent -> assertThat(parent.getName()).isEqualTo("shared-gateway"));
        assertThat(route.getSpec().getRules()).singleElement().satisfies(rule -> assertThat(rule.getBackendRefs())
                .singleElement().satisfies(backend -> {
                    assertThat(backend.getName()).isEqualTo(service);
                    assertThat(backend.getPort()).isEqualTo(80);
                }));
    }

    @Test
    void autoscalingLeavesTheReplicaCountToTheAutoscalerAndMetricsNeedAToken() {
        Deployment deployment = deployment("autoscaled");
        HorizontalPodAutoscaler autoscaler = one("autoscaled", HorizontalPodAutoscaler.class);
        GenericKubernetesResource monitor = render("autoscaled").stream()
                .filter(object -> object.getKind().equals("ServiceMonitor")).map(GenericKubernetesResource.class::cast)
                .findFirst().orElseThrow();

        assertThat(deployment.getSpec().getReplicas()).isNull();
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(one("autoscaled", PodDisruptionBudget.class)).isNotNull();
        assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "authorization", "credentials", "name"))
                .isEqualTo("portal-metrics");
        assertThatThrownBy(() -> render("invalid-autoscaling-on-h2"))
                .hasMessageContaining("autoscaling.enabled").hasMessageContaining("database.url");
    }

    @Test
    void theChartHasACrdsDirectoryForTheCustomResourcesItsFeaturesDefine() {
        assertThat(CHART.resolve("crds")).isDirectory();
    }

    @Test
    void everyRenderingAppliesToTheSandboxApiServerWithKubectl() {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL + ": skipping");
        Path dataDir = workDir.resolve("sandbox");
        new ApplicationContextRunner()
                .withUserConfiguration(SandboxProperties.class, ClusterModeResolver.class, SandboxConfiguration.class,
                        KubernetesClientConfiguration.class)
                .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir)
                .withBean(ClusterSimulation.class, NoSimulation::new)
                .run(context -> {
                    Path kubeconfig = context.getBean(SandboxCluster.class).kubeconfig();
                    KubernetesClient client = context.getBean(KubernetesClient.class);
                    kubectl(kubeconfig, dataDir, "apply", "--validate=false", "-f",
                            VALUES_DIR.resolve("crds-for-apply.yaml").toAbsolutePath().toString());
                    for (String values : valuesFiles().toList()) {
                        render(values).stream().map(HelmChartTests::namespaceOf).distinct()
                                .filter(ns -> client.namespaces().withName(ns).get() == null)
                                .forEach(ns -> client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                                        .withName(ns).endMetadata().build()).create());
                        // As helm install -n converge: objects without a namespace land in the release's
                        String applied = "";
                        for (boolean explicit : new boolean[] {true, false}) {
                            List<HasMetadata> group = render(values).stream()
                                    .filter(o -> (o.getMetadata().getNamespace() != null) == explicit).toList();
                            if (group.isEmpty()) {
                                continue;
                            }
                            Path manifest = dataDir.resolve(values + "-" + explicit + ".yaml");
                            Files.writeString(manifest, group.stream().map(Serialization::asYaml)
                                    .collect(java.util.stream.Collectors.joining("\n")));
                            applied += explicit
                                    ? kubectl(kubeconfig, dataDir, "apply", "--validate=false", "-f", manifest.toString())
                                    : kubectl(kubeconfig, dataDir, "apply", "--validate=false", "-n", NAMESPACE, "-f",
                                            manifest.toString());
                        }

                        assertThat(applied.lines().filter(line -> !line.isBlank()))
                                .as("kubectl apply of %s", values).hasSize(render(values).size());
                    }
                    assertThat(kubectl(kubeconfig, dataDir, "get", "roles", "-n", NAMESPACE))
                            .contains(RELEASE + "-converge-portal-leader-election");
                    assertThat(kubectl(kubeconfig, dataDir, "get", "httproutes", "-n", NAMESPACE))
                            .contains(RELEASE + "-converge-portal");
                    assertThat(kubectl(kubeconfig, dataDir, "get", "pdb,networkpolicies,hpa", "-n", NAMESPACE))
                            .contains(RELEASE + "-converge-portal");
                });
    }

    private static String kubectl(Path kubeconfig, Path dataDir, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dataDir.resolve("kubectl-cache").toString(), "--request-timeout=20s"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.context.properties.EnableConfigurationProperties(dev.converge.portal.PortalProperties.class)
    static class SandboxProperties {
    }

    /** Only the API server is needed: nothing is scheduled, logged or measured. */
    static class NoSimulation implements ClusterSimulation {
        @Override
        public void start(KubernetesClient client) {
        }

        @Override
        public void close() {
        }

        @Override
        public List<String> lines(String namespace, String pod, String container) {
            return List.of();
        }

        @Override
        public AutoCloseable follow(String namespace, String pod, String container,
                                    java.util.function.Consumer<String> onLine, Runnable onEnd) {
            return () -> { };
        }

        @Override
        public boolean isRunning(String namespace, String pod, String container) {
            return false;
        }

        @Override
        public List<io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics> podMetrics(String namespace) {
            return List.of();
        }

        @Override
        public List<io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics> nodeMetrics() {
            return List.of();
        }
    }

    /** Keys of every Secret the rendered objects read (env and Prometheus credentials). */
    private static List<String> referencedSecretKeys(String values) {
        Stream<String> env = portalContainer(deployment(values).getSpec().getTemplate().getSpec()).getEnv().stream()
                .filter(variable -> variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null)
                .map(variable -> variable.getValueFrom().getSecretKeyRef().getKey());
        Stream<String> monitors = render(values).stream().filter(object -> object.getKind().equals("ServiceMonitor"))
                .map(GenericKubernetesResource.class::cast)
                .map(monitor -> monitor.<String>get("spec", "endpoints", 0, "authorization", "credentials", "key"));
        return Stream.concat(env, monitors).toList();
    }

    private static List<Role> workloadRoles(String values) {
        return all(values, Role.class).stream()
                .filter(role -> !role.getMetadata().getName().endsWith("-leader-election")).toList();
    }

    private static List<RoleBinding> workloadBindings(String values) {
        return all(values, RoleBinding.class).stream()
                .filter(binding -> !binding.getMetadata().getName().endsWith("-leader-election")).toList();
    }

    // ---- helpers ----

    private record BindingView(String namespace, RoleRef roleRef, List<Subject> subjects) {
    }

    /** The chart rendered as {@code helm template} prints it (for {@code kubectl apply}). */
    static String renderYaml(String values) {
        var template = new Helm(renderableChart).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (!values.equals(DEFAULTS)) {
            template.withValuesFile(VALUES_DIR.resolve(values + ".yaml").toAbsolutePath());
        }
        return template.call();
    }

    private static synchronized List<HasMetadata> render(String values) {
        List<HasMetadata> cached = RENDERED.get(values);
        if (cached != null) {
            return cached;
        }
        List<HasMetadata> manifests = Arrays.stream(renderYaml(values).split("(?m)^---\\s*$"))
                .filter(document -> document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#")))
                .map(document -> Serialization.<HasMetadata>unmarshal(document))
                .toList();
        RENDERED.put(values, manifests);
        return manifests;
    }

    private static <T extends HasMetadata> List<T> all(String values, Class<T> type) {
        return render(values).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(String values, Class<T> type) {
        List<T> objects = all(values, type);
        assertThat(objects).as("%s objects rendered with %s", type.getSimpleName(), values).hasSize(1);
        return objects.get(0);
    }

    private static Deployment deployment(String values) {
        return one(values, Deployment.class);
    }

    private static Container portalContainer(PodSpec pod) {
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("portal");
        return pod.getContainers().get(0);
    }

    private static Volume volumeMountedAt(PodSpec pod, Container container, String path) {
        String name = container.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path))
                .getName();
        return pod.getVolumes().stream().filter(volume -> volume.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).as("probe on %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    private static void assertReadOnly(ClusterRole role) {
        assertThat(role.getRules()).allSatisfy(rule -> assertThat(READ_VERBS).containsAll(rule.getVerbs()));
    }

    private static String namespaceOf(HasMetadata object) {
        return Objects.requireNonNullElse(object.getMetadata().getNamespace(), NAMESPACE);
    }

    private static Properties applicationProperties(String values) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(one(values, ConfigMap.class).getData().get("application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** helm-java lints only a chart's own values.yaml, so each values file is merged into a copy of the chart. */
    private static Path chartWithDefaultValuesFrom(String values) throws IOException {
        Path chart = copyChart(workDir.resolve("lint-" + values));
        if (!values.equals(DEFAULTS)) {
            var yaml = Serialization.yamlMapper();
            Map<String, Object> merged = yaml.readValue(Files.readString(chart.resolve("values.yaml")), Map.class);
            Map<String, Object> overrides = yaml.readValue(Files.readString(VALUES_DIR.resolve(values + ".yaml")), Map.class);
            Files.writeString(chart.resolve("values.yaml"), yaml.writeValueAsString(deepMerge(merged, overrides)));
        }
        return chart;
    }

    /** Helm's merge: maps merge key by key, anything else (lists included) is replaced. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> merged.merge(key, value, (old, replacement) ->
                old instanceof Map && replacement instanceof Map
                        ? deepMerge((Map<String, Object>) old, (Map<String, Object>) replacement)
                        : replacement));
        return merged;
    }

    private static Path copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Files.copy(source, target.resolve(CHART.relativize(source).toString()));
            }
        }
        return target;
    }
}
