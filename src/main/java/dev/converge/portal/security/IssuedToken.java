package dev.converge.portal.security;

/** A token just created: the only moment its plaintext exists outside the client that receives it. */
public record IssuedToken(ApiToken token, String plaintext) {

    @Override
    public String toString() {
        return "IssuedToken[" + token + "]";
    }
}
