package dev.converge.portal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.converge.portal.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the portal, prefix {@code portal}. Validated at start, so a bad value stops the portal with the
 * property named instead of failing later at first use.
 */
@Validated
@ConfigurationProperties(prefix = "portal")
public record PortalProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @Valid @NotNull @DefaultValue Security security,
        @Valid List<Team> teams,
        @Valid @NotNull @DefaultValue Cors cors,
        @Valid @NotNull @DefaultValue Kubernetes kubernetes,
        @Valid @NotNull @DefaultValue Sandbox sandbox,
        @Valid @NotNull @DefaultValue Storage storage,
        @Valid @NotNull @DefaultValue Sse sse,
        @Valid @NotNull @DefaultValue Artifacts artifacts,
        @Valid @NotNull @DefaultValue Builds builds) {

    public PortalProperties {
        teams = teams == null ? List.of() : List.copyOf(teams);
    }

    /** Users defined in configuration; with none, an {@code admin} with a random password is created at start. */
    public record Security(@Valid List<User> users, @Valid @NotNull @DefaultValue LoginThrottle loginThrottle) {
        @ConstructorBinding
        public Security {
            users = users == null ? List.of() : List.copyOf(users);
            loginThrottle = loginThrottle == null ? LoginThrottle.DEFAULTS : loginThrottle;
        }

        public Security(List<User> users) {
            this(users, null);
        }
    }

    /**
     * Password guessing: after {@code maxFailuresPerAccount} failed sign-ins of one user name (known or not) within
     * {@code window}, or {@code maxFailuresPerAddress} from one client address, further sign-ins of that name or
     * from that address are refused for {@code lock}, doubled with each new lock up to {@code maxLock}. The counts are
     * in the database, shared by all replicas. About {@code maxTrackedKeys} names and addresses are remembered (the
     * least recently failed are forgotten first).
     */
    public record LoginThrottle(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("5") int maxFailuresPerAccount,
            @Min(1) @DefaultValue("20") int maxFailuresPerAddress,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("15m") Duration window,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("1m") Duration lock,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("1h") Duration maxLock,
            @Min(10) @DefaultValue("10000") int maxTrackedKeys) {

        static final LoginThrottle DEFAULTS = new LoginThrottle(true, 5, 20, Duration.ofMinutes(15),
                Duration.ofMinutes(1), Duration.ofHours(1), 10_000);
    }

    /**
     * A configured user. The password is a Spring Security encoded value: {@code {bcrypt}...}, or {@code {noop}...}
     * in sandbox mode only.
     */
    public record User(
            @NotBlank String username,
            @NotBlank String password,
            @NotEmpty Set<Role> roles,
            List<@NotBlank String> teams) {
        public User {
            teams = teams == null ? List.of() : List.copyOf(teams);
        }
    }

    /** A team and the namespace it owns; the namespace defaults to the team's name. */
    public record Team(
            @NotBlank @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label") String name,
            @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label") String namespace) {
        public String namespaceOrName() {
            return namespace == null || namespace.isBlank() ? name : namespace;
        }
    }

    /** Origins allowed to call the JSON API from a browser; empty means none. */
    public record Cors(List<@NotBlank String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    public enum KubernetesMode { AUTO, CLUSTER, SANDBOX }

    public enum InformerScope { TEAM_NAMESPACES, CLUSTER }

    public record Kubernetes(
            @NotNull @DefaultValue("auto") KubernetesMode mode,
            String context,
            @NotNull @DefaultValue("30s") Duration requestTimeout,
            @Positive @DefaultValue("50") int qps,
            @NotNull @DefaultValue("team-namespaces") InformerScope informerScope,
            @NotNull @DefaultValue("10m") Duration resyncPeriod) {
    }

    /**
     * The simulated cluster used when no real one is configured. Sizes are per node; GPU pools add GPU nodes to a
     * zone. GPU pools must use configured zones and GPU types ({@link ValidGpuPools}).
     */
    @ValidGpuPools
    public record Sandbox(
            @Min(0) @Max(65535) @DefaultValue("0") int port,
            @DefaultValue("false") boolean reset,
            @NotEmpty @DefaultValue({"zone-a", "zone-b", "zone-c"}) List<@Pattern(regexp = DNS_LABEL) String> zones,
            @Min(0) @DefaultValue("2") int cpuNodesPerZone,
            @Positive @DefaultValue("16") int cpuNodeCores,
            @Positive @DefaultValue("64") int cpuNodeMemoryGi,
            @NotEmpty @DefaultValue({"nvidia-a100-80gb", "nvidia-l4"}) List<@NotBlank String> gpuTypes,
            @Valid List<GpuPool> gpuPools,
            @NotNull @DefaultValue("2s") Duration podStartDelay,
            @NotNull @DefaultValue("15s") Duration buildDuration,
            @Min(1) @Max(10000) @DefaultValue("30") int modelTokensPerSecond,
            // the sandbox MLflow tracking server, when no portal.mlflow.tracking-uri is set (0 = a free port)
            @Min(0) @Max(65535) @DefaultValue("0") int mlflowPort) {
        @ConstructorBinding
        public Sandbox {
            gpuPools = gpuPools == null
                    ? List.of(new GpuPool("zone-a", "nvidia-a100-80gb", 1, 4, 32, 256),
                              new GpuPool("zone-b", "nvidia-l4", 2, 2, 16, 128))
                    : List.copyOf(gpuPools);
        }

        /** Without the MLflow port (a free one), for code written before it existed. */
        public Sandbox(int port, boolean reset, List<String> zones, int cpuNodesPerZone, int cpuNodeCores,
                       int cpuNodeMemoryGi, List<String> gpuTypes, List<GpuPool> gpuPools, Duration podStartDelay,
                       Duration buildDuration, int modelTokensPerSecond) {
            this(port, reset, zones, cpuNodesPerZone, cpuNodeCores, cpuNodeMemoryGi, gpuTypes, gpuPools,
                    podStartDelay, buildDuration, modelTokensPerSecond, 0);
        }
    }

    public record GpuPool(
            @NotBlank String zone,
            @NotBlank String gpuType,
            @Min(1) int nodes,
            @Min(1) int gpusPerNode,
            @Positive int cores,
            @Positive int memoryGi) {
    }

    /** S3-compatible object storage (MinIO). With no endpoint in sandbox mode an embedded S3 server is started. */
    public record Storage(
            String endpoint,
            String accessKey,
            String secretKey,
            @NotBlank @DefaultValue("us-east-1") String region,
            @NotBlank @DefaultValue("models") String artifactsBucket,
            @NotBlank @DefaultValue("rag-documents") String documentsBucket) {
    }

    /**
     * The live event stream ({@code /sse/stream}). {@code replayBuffer} events are kept for reconnecting clients;
     * each client may have {@code clientQueue} undelivered events before it is disconnected as too slow;
     * {@code dispatchThreads} write to all clients (a client whose socket stops draining holds one of them until the
     * container's write timeout, {@code server.tomcat.connection-timeout}, so there are several); bursts of count
     * updates are merged over {@code coalesce}.
     */
    public record Sse(
            @Min(1) @DefaultValue("1000") int replayBuffer,
            @NotNull @DefaultValue("15s") Duration heartbeat,
            @Min(1) @DefaultValue("256") int clientQueue,
            @NotNull @DefaultValue("30m") Duration timeout,
            @Min(1) @DefaultValue("8") int dispatchThreads,
            @NotNull @DefaultValue("250ms") Duration coalesce,
            @NotNull @DefaultValue("10s") Duration healthInterval) {
    }

    /** Model artifacts uploaded through the portal; larger uploads are refused before anything is stored. */
    public record Artifacts(@NotNull @DefaultValue("20GB") DataSize maxSize) {
    }

    /**
     * Build pods. {@code keepFinished} finished builds are kept per team, older ones deleted. The init container
     * fetches the artifact with {@code fetcherImage}, signing in with the keys in the team namespace's Secret
     * {@code storageSecret} ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}), from {@code storageEndpoint}
     * (default: the portal's own, {@code portal.storage.endpoint}).
     */
    public record Builds(
            @Min(1) @DefaultValue("50") int keepFinished,
            @NotBlank @DefaultValue("quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z") String fetcherImage,
            @NotBlank @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label")
            @DefaultValue("converge-artifacts-reader") String storageSecret,
            String storageEndpoint,
            @Min(1) @DefaultValue("64") int maxLogFollowers,
            // where builds push their images, as <registry>/<namespace>/<build> (BUILD_IMAGE in the build container)
            @NotBlank @DefaultValue("registry.converge.local") String registry) {
    }

    public static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
}
