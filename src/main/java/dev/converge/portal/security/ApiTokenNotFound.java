package dev.converge.portal.security;

import dev.converge.portal.shared.web.NotFound;

/** No such token, or not one the user may manage: both answer the same, so ids of others' tokens stay hidden. */
class ApiTokenNotFound extends NotFound {

    private ApiTokenNotFound(long id) {
        super("profile.token.notFound", id);
    }

    public static ApiTokenNotFound withId(long id) {
        return new ApiTokenNotFound(id);
    }
}
