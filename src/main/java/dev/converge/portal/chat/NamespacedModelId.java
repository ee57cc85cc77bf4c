package dev.converge.portal.chat;

import dev.converge.portal.security.CurrentUser;

/**
 * A catalog id naming a model in a namespace ({@code <prefix><namespace>/<name>}), parsed once for every source of
 * that form: a malformed id is unknown (404), one in a namespace the user cannot read is not allowed (403) — before
 * anything is looked up, so the answer is the same whether or not the model exists.
 */
record NamespacedModelId(String namespace, String name) {

    static NamespacedModelId parse(String id, String prefix, CurrentUser user) {
        var rest = id.substring(prefix.length());
        var slash = rest.indexOf('/');
        if (slash < 1 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            throw ChatModelNotFound.id(id);
        }
        var namespace = rest.substring(0, slash);
        if (!user.canRead(namespace)) {
            throw ChatModelNotAllowed.id(id);
        }
        return new NamespacedModelId(namespace, rest.substring(slash + 1));
    }
}
