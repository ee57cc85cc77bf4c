package dev.converge.portal.chat;

import java.util.ArrayList;
import java.util.List;

import dev.converge.portal.security.CurrentUser;
import org.springframework.stereotype.Service;

/** Every model a user may chat with, from all {@link ChatModelSource}s, and the one a call is for. */
@Service
public class ChatCatalog {

    private final List<ChatModelSource> sources;

    ChatCatalog(List<ChatModelSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<ChatModel> models(CurrentUser user) {
        var models = new ArrayList<ChatModel>();
        sources.forEach(source -> models.addAll(source.models(user)));
        return models;
    }

    ChatTarget resolve(String id, CurrentUser user) {
        if (id == null || id.isBlank()) {
            throw InvalidChatRequest.field("model", "chat.error.model.required");
        }
        return sources.stream().filter(source -> source.owns(id)).findFirst()
                .orElseThrow(() -> ChatModelNotFound.id(id)).resolve(id, user);
    }
}
