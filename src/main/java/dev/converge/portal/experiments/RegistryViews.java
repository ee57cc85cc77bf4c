package dev.converge.portal.experiments;

import java.util.Comparator;


import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.platform.mlflow.MlflowGateway;
import dev.converge.portal.platform.mlflow.MlflowModelVersion;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.InvalidInput;
import org.springframework.stereotype.Service;

/** The model registry: models, a model's versions, and a version with the deployments that serve it. */
@Service
public class RegistryViews {

    public static final int DEFAULT_MODELS = 25;
    public static final int VERSIONS_PAGE = 50;
    private static final int MAX_QUERY = 200;

    private final MlflowGateway mlflow;
    private final DeploymentViews deployments;

    public RegistryViews(MlflowGateway mlflow, DeploymentViews deployments) {
        this.mlflow = mlflow;
        this.deployments = deployments;
    }

    public ModelList models(String q, String pageToken, int size) {
        var query = q == null || q.isBlank() ? null : q.strip();
        if (query != null && query.length() > MAX_QUERY) {
            throw InvalidInput.field("q", "mlflow.error.q.tooLong");
        }
        int max = size < 1 ? DEFAULT_MODELS : Math.min(size, 100);
        var fingerprint = new String[] {"models", query, String.valueOf(max)};
        var page = mlflow.session().searchModels(query, max, PageTokens.unwrap(pageToken, fingerprint));
        return new ModelList(page.items(), query, PageTokens.wrap(page.nextPageToken(), fingerprint));
    }

    public ModelDetail model(String name, String pageToken) {
        Ids.modelName(name);
        var session = mlflow.session();
        var fingerprint = new String[] {"versions", name};
        var model = session.model(name);
        var latest = session.latestVersions(name);
        var versions = session.versions(name, VERSIONS_PAGE, PageTokens.unwrap(pageToken, fingerprint));
        var found = session.await(model);
        var page = session.await(versions);
        var sorted = page.items().stream().sorted(Comparator.comparingLong(RegistryViews::number).reversed())
                .toList();
        return new ModelDetail(found, sorted, session.await(latest),
                PageTokens.wrap(page.nextPageToken(), fingerprint));
    }

    public VersionDetail version(String name, String version, CurrentUser user) {
        Ids.modelName(name);
        Ids.version(version);
        var session = mlflow.session();
        var found = session.await(session.version(name, version));
        return new VersionDetail(found, deployments.servingModel(found.reference(), user), found.deployableUri());
    }

    private static long number(MlflowModelVersion version) {
        try {
            return Long.parseLong(version.version());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

}
