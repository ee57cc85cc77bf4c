package dev.converge.portal.experiments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import dev.converge.portal.shared.web.InvalidInput;

/**
 * The portal's page tokens: MLflow's token, prefixed with a short fingerprint of the query it belongs to. MLflow's
 * tokens are offsets that any query would accept, so a token carried over from another search (another filter, sort
 * or experiment) would silently show the wrong rows; with the fingerprint it is refused in words instead.
 */
final class PageTokens {

    private static final int FINGERPRINT_CHARS = 12;
    private static final int MAX_TOKEN_LENGTH = 4_096;

    private PageTokens() {
    }

    /** The token a "next" link carries; null when there is no next page. */
    static String wrap(String mlflowToken, String... query) {
        if (mlflowToken == null) {
            return null;
        }
        return fingerprint(query) + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mlflowToken.getBytes(StandardCharsets.UTF_8));
    }

    /** MLflow's token inside a portal token, after checking it belongs to this query; null for the first page. */
    static String unwrap(String pageToken, String... query) {
        if (pageToken == null || pageToken.isBlank()) {
            return null;
        }
        int dot = pageToken.indexOf('.');
        if (pageToken.length() > MAX_TOKEN_LENGTH || dot != FINGERPRINT_CHARS) {
            throw InvalidInput.field("pageToken", "mlflow.error.pageToken.malformed");
        }
        if (!pageToken.substring(0, dot).equals(fingerprint(query))) {
            throw InvalidInput.field("pageToken", "mlflow.error.pageToken.foreign");
        }
        try {
            return new String(Base64.getUrlDecoder().decode(pageToken.substring(dot + 1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw InvalidInput.field("pageToken", "mlflow.error.pageToken.malformed");
        }
    }

    private static String fingerprint(String... query) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (var part : query) {
                digest.update((part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, FINGERPRINT_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
