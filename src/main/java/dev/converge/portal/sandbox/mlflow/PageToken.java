package dev.converge.portal.sandbox.mlflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MLflow's opaque page tokens: base64 of {@code {"offset": n}}, as MLflow writes them, plus a fingerprint of the
 * query that issued the token, so a token replayed against another query is refused instead of silently skipping
 * into an unrelated result.
 */
final class PageToken {

    private static final Pattern DECODED = Pattern.compile("\\{\"offset\": ?(\\d{1,9}), ?\"query\": ?\"([0-9a-f]{16})\"}");

    private PageToken() {
    }

    /** The offset the token points at; 0 without a token. */
    static int offset(Optional<String> token, String query) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return 0;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw MlflowError.invalidParameter("Invalid page token, could not base64-decode");
        }
        var match = DECODED.matcher(decoded);
        if (!match.matches()) {
            throw MlflowError.invalidParameter("Invalid page token, decoded value=" + decoded);
        }
        if (!match.group(2).equals(fingerprint(query))) {
            throw MlflowError.invalidParameter("Invalid page token: it was issued for another query (other "
                    + "experiment ids, filter, order_by or view type); start again without a page token");
        }
        return Integer.parseInt(match.group(1));
    }

    static String next(int offset, String query) {
        var json = "{\"offset\": " + offset + ", \"query\": \"" + fingerprint(query) + "\"}";
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String fingerprint(String query) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
