package dev.converge.portal.security;

import java.io.Serializable;

/**
 * A token just created: the only moment its plaintext exists outside the client that receives it. A browser gets it
 * through a flash attribute, so it sits in the session table from the form's redirect until the next page view reads
 * and removes it.
 */
public record IssuedToken(ApiToken token, String plaintext) implements Serializable {

    @Override
    public String toString() {
        return "IssuedToken[" + token + "]";
    }
}
