package dev.converge.portal.chat;

import java.util.List;

import dev.converge.portal.security.CurrentUser;

/**
 * One kind of model a user can chat with: deployments in the user's namespaces, external endpoints, and (next) RAG
 * models. The catalog asks every source bean; a new kind plugs in as one more bean.
 */
public interface ChatModelSource {

    /** The models of this source the user may chat with. */
    List<ChatModel> models(CurrentUser user);

    /** Whether ids of this form are this source's ({@code deployment:}, {@code external:}, {@code rag:} …). */
    boolean owns(String id);

    /**
     * The model for a call: {@link ChatModelNotAllowed} (403) when the user may not use it, whether or not it
     * exists in another team's namespace; {@link ChatModelNotFound} (404) when there is no such model.
     */
    ChatTarget resolve(String id, CurrentUser user);
}
