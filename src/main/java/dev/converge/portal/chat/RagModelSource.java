package dev.converge.portal.chat;

import java.util.List;

import dev.converge.portal.platform.openai.ServiceEndpoints;
import dev.converge.portal.rag.RagModelViews;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PortalException;
import org.springframework.stereotype.Component;

/**
 * The portal's RagModels in the user's namespaces ({@code rag:<namespace>/<name>}), read from the informer caches
 * through {@link RagModelViews}; ready when the runtime answers, else the status says why. The runtime serves the
 * OpenAI chat protocol on its Service {@code rag-<name>}, reached like a deployment's (directly or through the API
 * server's proxy), and knows itself by the RagModel's name. It returns the passages it used as
 * {@code converge_sources}, which the chat keeps with the answer.
 */
@Component
class RagModelSource implements ChatModelSource {

    static final String PREFIX = "rag:";

    private final RagModelViews rags;
    private final ServiceEndpoints services;

    RagModelSource(RagModelViews rags, ServiceEndpoints services) {
        this.rags = rags;
        this.services = services;
    }

    @Override
    public List<ChatModel> models(CurrentUser user) {
        return rags.chattable(user).stream().map(RagModelSource::model).toList();
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
        RagModelViews.Chattable rag;
        try {
            rag = rags.chattable(namespace, name, user);
        } catch (PortalException e) {
            throw ChatModelNotFound.id(id);
        }
        var model = model(rag);
        if (!model.ready()) {
            throw ChatModelNotReady.of(model);
        }
        var endpoint = services.service(namespace, rag.service(), rag.port());
        return new ChatTarget(model, endpoint, rag::name);
    }

    private static ChatModel model(RagModelViews.Chattable rag) {
        return new ChatModel(PREFIX + rag.namespace() + "/" + rag.name(), rag.name(), ChatModel.RAG, rag.namespace(),
                rag.ready(), rag.reason());
    }
}
