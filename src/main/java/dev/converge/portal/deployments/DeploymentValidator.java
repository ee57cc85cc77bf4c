package dev.converge.portal.deployments;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.converge.portal.artifacts.ArtifactKey;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.platform.storage.ObjectNotFound;
import dev.converge.portal.platform.storage.StorageException;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.springframework.stereotype.Component;

/**
 * Checks a spec against the rules and the cluster before anything is created, collecting one message per field.
 * Access is checked first (403 without field details about other teams), then the fields (400), then duplicates
 * (409), so a user learns everything wrong with a form in one round.
 */
@Component
class DeploymentValidator {

    /** {@code <registered model name>/<version>}: a name without control characters, up to MLflow's 256, a number. */
    private static final java.util.regex.Pattern MLFLOW_MODEL =
            java.util.regex.Pattern.compile("[^\\p{Cntrl}]{1,256}/[0-9]{1,9}");

    /** A DNS-1123 label that also starts with a letter, since the Service of the same name needs one (DNS-1035). */
    static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_GPUS = 16;
    /** S3 keys are at most 1024 bytes; the scheme and bucket come on top. */
    private static final int MAX_MODEL_URI = 1200;


    private final Zones zones;
    private final KubernetesCaches caches;
    private final ArtifactStore artifacts;
    private final TeamDirectory teams;
    private final DeploymentSettings settings;

    DeploymentValidator(Zones zones, KubernetesCaches caches, ArtifactStore artifacts, TeamDirectory teams,
                               DeploymentSettings settings) {
        this.zones = zones;
        this.caches = caches;
        this.artifacts = artifacts;
        this.teams = teams;
        this.settings = settings;
    }

    /** For a new deployment: everything, including that the name is free. Returns the spec with defaults. */
    DeploymentSpec validateNew(DeploymentSpec spec, CurrentUser user) {
        var s = validate(spec, user, null);
        if (caches.get(Deployment.class, s.namespace(), s.name()).isPresent()) {
            throw DeploymentAlreadyExists.named(s.namespace(), s.name());
        }
        return s;
    }

    /**
     * For a change of an existing deployment; the namespace and name come from the URL. Zones already in use by the
     * current spec may stay even when closed since: closing a zone stops new deployments, not existing ones.
     */
    DeploymentSpec validateChange(DeploymentSpec spec, DeploymentSpec current, CurrentUser user) {
        return validate(spec, user, current);
    }

    /** Only that the user may change deployments in the namespace. */
    void requireWrite(String namespace, CurrentUser user) {
        if (namespace == null || !user.canWrite(namespace)) {
            throw DeploymentAccessDenied.toChange(namespace);
        }
    }

    private DeploymentSpec validate(DeploymentSpec raw, CurrentUser user, DeploymentSpec current) {
        var s = raw.withDefaults();
        var errors = new FieldErrors();
        if (s.namespace() == null || s.namespace().isEmpty()) {
            errors.put("namespace", "deployments.error.namespace.missing");
        } else {
            requireWrite(s.namespace(), user);
            if (!teams.allNamespaces().contains(s.namespace())) {
                errors.put("namespace", "deployments.error.namespace.unknown", s.namespace());
            }
        }
        checkName(s.name(), errors);
        checkImage(s.image(), errors);
        checkModelUri(s.modelUri(), s.namespace(), errors);
        if (s.mlflowModel() != null && !MLFLOW_MODEL.matcher(s.mlflowModel()).matches()) {
            errors.put("mlflowModel", "deployments.error.mlflowModel");
        }
        if (s.port() < 1 || s.port() > 65535) {
            errors.put("port", "deployments.error.port");
        }
        if (!DeploymentSpec.PROTOCOLS.contains(s.protocol())) {
            errors.put("protocol", "deployments.error.protocol", String.join(", ", DeploymentSpec.PROTOCOLS));
        }
        checkResources(s.resources(), errors);
        checkReplicas(s, errors);
        if (!DeploymentSpec.CAPACITIES.contains(s.capacity())) {
            errors.put("capacity", "deployments.error.capacity", String.join(", ", DeploymentSpec.CAPACITIES));
        }
        if (!DeploymentSpec.SCHEDULES.contains(s.schedule())) {
            errors.put("schedule", "deployments.error.schedule", String.join(", ", DeploymentSpec.SCHEDULES));
        }
        checkZones(s, current, errors);
        s.env().forEach((name, value) -> {
            if (name == null || !ENV_NAME.matcher(name).matches()) {
                errors.putIfAbsent("env", "deployments.error.env.name", name);
            } else if (value == null) {
                errors.putIfAbsent("env", "deployments.error.env.value", name);
            }
        });
        if (!errors.isEmpty()) {
            throw InvalidDeployment.fields(errors);
        }
        return s;
    }

    private static void checkName(String name, FieldErrors errors) {
        if (name == null || name.isEmpty()) {
            errors.put("name", "deployments.error.name.missing");
        } else if (!NAME.matcher(name).matches()) {
            errors.put("name", "deployments.error.name.format");
        }
    }

    private static void checkImage(String image, FieldErrors errors) {
        if (image == null || image.isEmpty()) {
            errors.put("image", "deployments.error.image.missing");
        } else if (ImageReference.parse(image).isEmpty()) {
            errors.put("image", "deployments.error.image.format");
        }
    }

    /**
     * The model must be one of the deployment's own team's artifacts ({@code teams/<team>/...}): the init container
     * downloads whatever the URI names with the portal's storage credentials. A key of another team (or outside
     * {@code teams/}) is refused before the object is looked up, so the answer is the same whether it exists or not
     * and nobody can probe other teams' artifact names. Path tricks ({@code ..}, encoded or not, empty segments) are
     * field errors before that, since the key the downloader resolves would not be the key checked here.
     */
    private void checkModelUri(String modelUri, String namespace, FieldErrors errors) {
        if (modelUri == null) {
            return;
        }
        var bucket = artifacts.bucketName(Bucket.ARTIFACTS);
        if (modelUri.length() > MAX_MODEL_URI) {
            errors.put("modelUri", "deployments.error.modelUri.tooLong", String.valueOf(MAX_MODEL_URI));
            return;
        }
        URI uri;
        try {
            uri = URI.create(modelUri);
        } catch (IllegalArgumentException e) {
            errors.put("modelUri", "deployments.error.modelUri.format", bucket);
            return;
        }
        var rawKey = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || rawKey.isEmpty()) {
            errors.put("modelUri", "deployments.error.modelUri.format", bucket);
            return;
        }
        if (!bucket.equals(uri.getHost())) {
            errors.put("modelUri", "deployments.error.modelUri.bucket", bucket);
            return;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || rawKey.contains("%")
                || rawKey.contains("//") || rawKey.endsWith("/")
                || java.util.Arrays.stream(rawKey.split("/")).anyMatch(s -> s.equals("..") || s.equals("."))) {
            errors.put("modelUri", "deployments.error.modelUri.plain");
            return;
        }
        if (namespace == null || errors.containsKey("namespace")) {
            return;
        }
        var team = teams.teamOf(namespace);
        var key = ArtifactKey.tryParse(rawKey);
        if (!rawKey.startsWith(ArtifactKey.ROOT + team + "/")) {
            throw DeploymentAccessDenied.toUseArtifact(namespace, team);
        }
        if (key.isEmpty()) {
            errors.put("modelUri", "deployments.error.modelUri.artifact", bucket, ArtifactKey.ROOT + team);
            return;
        }
        try {
            artifacts.stat(Bucket.ARTIFACTS, key.get().key());
        } catch (ObjectNotFound e) {
            errors.put("modelUri", "deployments.error.modelUri.missing", key.get().key(), bucket);
        } catch (StorageException e) {
            errors.put("modelUri", "deployments.error.modelUri.unavailable", e.getMessage());
        }
    }

    private void checkResources(DeploymentSpec.Resources r, FieldErrors errors) {
        if (!positiveQuantity(r.cpu(), false)) {
            errors.put("resources.cpu", "deployments.error.cpu");
        }
        if (!positiveQuantity(r.memory(), true)) {
            errors.put("resources.memory", "deployments.error.memory");
        }
        if (r.gpus() < 0 || r.gpus() > MAX_GPUS) {
            errors.put("resources.gpu", "deployments.error.gpu", String.valueOf(MAX_GPUS));
        } else if (r.gpus() > 0 && r.gpuType() == null) {
            errors.put("resources.gpuType", "deployments.error.gpuType.missing");
        }
    }

    private static boolean positiveQuantity(String text, boolean memory) {
        return ResourceAmounts.positiveAmount(text, memory).isPresent();
    }

    private void checkReplicas(DeploymentSpec s, FieldErrors errors) {
        int max = settings.maxReplicas();
        if (s.replicas() < 0 || s.replicas() > max) {
            errors.put("replicas", "deployments.error.replicas", String.valueOf(max));
        }
        var a = s.autoscaling();
        if (!a.on()) {
            return;
        }
        if (a.minReplicas() < 1 || a.minReplicas() > max) {
            errors.put("autoscaling.minReplicas", "deployments.error.autoscaling.min", String.valueOf(max));
        }
        if (a.maxReplicas() == null) {
            errors.put("autoscaling.maxReplicas", "deployments.error.autoscaling.max.missing");
        } else if (a.maxReplicas() > max) {
            errors.put("autoscaling.maxReplicas", "deployments.error.autoscaling.max.tooHigh", String.valueOf(max));
        } else if (a.maxReplicas() < a.minReplicas()) {
            errors.put("autoscaling.maxReplicas", "deployments.error.autoscaling.max.belowMin",
                    String.valueOf(a.minReplicas()));
        }
        if (a.targetCpuUtilization() < 1 || a.targetCpuUtilization() > 100) {
            errors.put("autoscaling.targetCpuUtilization", "deployments.error.autoscaling.target");
        }
    }

    private void checkZones(DeploymentSpec s, DeploymentSpec current, FieldErrors errors) {
        var placement = s.zones();
        if (!DeploymentSpec.Placement.STRATEGIES.contains(placement.strategy())) {
            errors.put("zones.strategy", "deployments.error.zones.strategy");
            return;
        }
        var known = zones.names();
        var chosen = placement.zones();
        switch (placement.strategy()) {
            case DeploymentSpec.Placement.SINGLE -> {
                if (chosen.size() != 1) {
                    errors.put("zones.zones", "deployments.error.zones.single");
                }
            }
            case DeploymentSpec.Placement.MULTI -> {
                if (chosen.size() < 2 || chosen.stream().distinct().count() < chosen.size()) {
                    errors.put("zones.zones", "deployments.error.zones.multi");
                }
            }
            default -> {
                if (!chosen.isEmpty()) {
                    errors.put("zones.zones", "deployments.error.zones.any");
                }
            }
        }
        var inUse = current == null || current.zones() == null ? java.util.List.<String>of() : current.zones().zones();
        for (var zone : chosen) {
            if (!known.contains(zone)) {
                errors.putIfAbsent("zones.zones", "deployments.error.zones.unknown", zone, String.join(", ", known));
            } else if (!inUse.contains(zone)) {
                zones.closure(zone).ifPresent(closure -> errors.putIfAbsent("zones.zones",
                        "deployments.error.zones.closed", zone, closure.reason()));
            }
        }
        checkGpus(s, known, errors);
    }

    private void checkGpus(DeploymentSpec s, java.util.Set<String> known, FieldErrors errors) {
        var r = s.resources();
        if (r.gpus() <= 0 || r.gpuType() == null || errors.containsKey("zones.zones")) {
            return;
        }
        var where = DeploymentSpec.Placement.ANY.equals(s.zones().strategy()) ? known : s.zones().zones();
        var without = where.stream().filter(zone -> !zones.gpuTypesIn(zone).contains(r.gpuType())).toList();
        if (DeploymentSpec.Placement.ANY.equals(s.zones().strategy())) {
            if (without.size() == known.size()) {
                errors.put("resources.gpuType", "deployments.error.gpuType.nowhere", r.gpuType());
            }
        } else if (!without.isEmpty()) {
            errors.put("resources.gpuType", without.size() == 1 ? "deployments.error.gpuType.missingIn.one"
                    : "deployments.error.gpuType.missingIn.many", String.join(", ", without), r.gpuType());
        }
    }
}
