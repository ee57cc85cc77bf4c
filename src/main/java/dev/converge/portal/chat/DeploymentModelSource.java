package dev.converge.portal.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.deployments.DeploymentDetail;
import dev.converge.portal.deployments.DeploymentFilter;
import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.platform.openai.OpenAiClient;
import dev.converge.portal.platform.openai.OpenAiEndpoint;
import dev.converge.portal.platform.openai.OpenAiException;
import dev.converge.portal.platform.openai.ServiceEndpoints;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PortalException;
import org.springframework.stereotype.Component;

/**
 * Model deployments with protocol {@code openai} in the user's namespaces, read from the informer caches through
 * {@link DeploymentViews}; ready when a replica is, else the deployment's state says why. A deployment's server is
 * reached by its Service (same name and port) directly or through the API server's proxy, and names its own model
 * on {@code GET /models} (asked once a minute at most).
 */
@Component
class DeploymentModelSource implements ChatModelSource {

    static final String PREFIX = "deployment:";
    private static final Duration MODEL_NAME_TTL = Duration.ofMinutes(1);

    private final DeploymentViews deployments;
    private final ServiceEndpoints services;
    private final OpenAiClient client;
    private final Clock clock;
    private final Map<String, CachedName> modelNames = new ConcurrentHashMap<>();

    DeploymentModelSource(DeploymentViews deployments, ServiceEndpoints services, OpenAiClient client, Clock clock) {
        this.deployments = deployments;
        this.services = services;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public List<ChatModel> models(CurrentUser user) {
        var models = new ArrayList<ChatModel>();
        for (int page = 0; ; page++) {
            var result = deployments.list(new DeploymentFilter(null, null, null, null, "name", page, 200), user);
            for (var summary : result.items()) {
                var detail = detail(summary.namespace(), summary.name(), user);
                if (detail != null && "openai".equals(detail.spec().protocol())) {
                    models.add(model(detail));
                }
            }
            if (page + 1 >= result.totalPages()) {
                return models;
            }
        }
    }

    @Override
    public boolean owns(String id) {
        return id.startsWith(PREFIX);
    }

    @Override
    public ChatTarget resolve(String id, CurrentUser user) {
        var parsed = NamespacedModelId.parse(id, PREFIX, user);
        var namespace = parsed.namespace();
        var name = parsed.name();
        var detail = detail(namespace, name, user);
        if (detail == null || !"openai".equals(detail.spec().protocol())) {
            throw ChatModelNotFound.id(id);
        }
        var model = model(detail);
        if (!model.ready()) {
            throw ChatModelNotReady.of(model);
        }
        var port = detail.spec().port() == null ? 8080 : detail.spec().port();
        var endpoint = services.service(namespace, name, port);
        return new ChatTarget(model, endpoint, () -> upstreamName(id, endpoint, name));
    }

    private DeploymentDetail detail(String namespace, String name, CurrentUser user) {
        try {
            return deployments.get(namespace, name, user);
        } catch (PortalException e) {
            return null;
        }
    }

    private static ChatModel model(DeploymentDetail detail) {
        var summary = detail.summary();
        var ready = summary.ready() > 0;
        var reason = ready ? null : summary.state() + (summary.reason() == null ? "" : ": " + summary.reason())
                + " (" + summary.ready() + "/" + summary.desired() + ")";
        return new ChatModel(PREFIX + summary.namespace() + "/" + summary.name(), summary.name(),
                ChatModel.DEPLOYMENT, summary.namespace(), ready, reason);
    }

    /** The first model the server lists, or the deployment's name when it lists none or cannot be asked. */
    private String upstreamName(String id, OpenAiEndpoint endpoint, String fallback) {
        var now = Instant.now(clock);
        var cached = modelNames.get(id);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.name();
        }
        String name;
        try {
            name = client.models(endpoint).stream().findFirst().orElse(fallback);
        } catch (OpenAiException e) {
            return fallback;
        }
        modelNames.put(id, new CachedName(name, now.plus(MODEL_NAME_TTL)));
        return name;
    }

    private record CachedName(String name, Instant until) {
    }
}
