package dev.converge.portal.deployments;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Specs, users and teams for the deployment tests: teams vision and language. */
public final class DeploymentMother {

    private DeploymentMother() {
    }

    public static DeploymentSpec spec() {
        return new DeploymentSpec("vision", "resnet", "registry.local/vision/resnet:1.0", null, 8080, "openai",
                new DeploymentSpec.Resources("500m", "1Gi", 0, null), 2, DeploymentSpec.Placement.any(),
                DeploymentSpec.Autoscaling.OFF, Map.of("LOG_LEVEL", "info"), null);
    }

    public static DeploymentSpec multiZoneWithAutoscaling() {
        return new DeploymentSpec("vision", "resnet", "registry.local/vision/resnet:1.0", null, 8080, "openai",
                new DeploymentSpec.Resources("1", "2Gi", 1, "nvidia-a100-80gb"), 2,
                new DeploymentSpec.Placement("multi", List.of("zone-a", "zone-b")),
                new DeploymentSpec.Autoscaling(true, 2, 6, 70), Map.of(), null);
    }

    public static CurrentUser developer() {
        return user("dev", Role.DEVELOPER, "vision");
    }

    public static CurrentUser viewer() {
        return user("viewer", Role.VIEWER, "vision");
    }

    public static CurrentUser admin() {
        return user("admin", Role.ADMIN, "vision", "language");
    }

    public static CurrentUser user(String name, Role role, String... teams) {
        return new CurrentUser(name, EnumSet.of(role), new TreeSet<>(List.of(teams)), new TreeSet<>(List.of(teams)));
    }

    public static TeamDirectory teams() {
        var source = Map.of("portal.teams[0].name", "vision", "portal.teams[1].name", "language");
        var properties = new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("portal", PortalProperties.class);
        return new TeamDirectory(properties);
    }

    public static DeploymentSummary summary(String namespace, String name, String state) {
        return new DeploymentSummary(namespace, name, 1, 2, state, List.of("zone-a"),
                "registry.local/vision/resnet:1.0", false, Instant.parse("2025-01-01T00:00:00Z"), namespace);
    }
}
