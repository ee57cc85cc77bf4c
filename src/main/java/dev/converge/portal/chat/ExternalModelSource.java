package dev.converge.portal.chat;

import java.util.List;

import dev.converge.portal.platform.openai.OpenAiEndpoint;
import dev.converge.portal.security.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * External OpenAI-compatible endpoints configured by admins ({@code portal.chat.endpoints}); each is granted to
 * teams (admins may use all). Always shown ready: the portal does not probe a server it does not run.
 */
@Component
class ExternalModelSource implements ChatModelSource {

    static final String PREFIX = "external:";

    private final List<ChatProperties.Endpoint> endpoints;

    ExternalModelSource(ChatProperties properties) {
        this.endpoints = properties.endpoints();
    }

    @Override
    public List<ChatModel> models(CurrentUser user) {
        return endpoints.stream().filter(endpoint -> granted(endpoint, user)).map(ExternalModelSource::model).toList();
    }

    @Override
    public boolean owns(String id) {
        return id.startsWith(PREFIX);
    }

    @Override
    public ChatTarget resolve(String id, CurrentUser user) {
        var endpoint = endpoints.stream().filter(candidate -> (PREFIX + candidate.id()).equals(id)).findFirst()
                .orElseThrow(() -> ChatModelNotFound.id(id));
        if (!granted(endpoint, user)) {
            throw ChatModelNotAllowed.id(id);
        }
        return new ChatTarget(model(endpoint), OpenAiEndpoint.of(endpoint.baseUrl(), endpoint.apiKey()),
                endpoint::model);
    }

    private static boolean granted(ChatProperties.Endpoint endpoint, CurrentUser user) {
        return user.isAdmin() || endpoint.teams().stream().anyMatch(user.teams()::contains);
    }

    private static ChatModel model(ChatProperties.Endpoint endpoint) {
        return new ChatModel(PREFIX + endpoint.id(), endpoint.displayName(), ChatModel.EXTERNAL, null, true, null);
    }
}
