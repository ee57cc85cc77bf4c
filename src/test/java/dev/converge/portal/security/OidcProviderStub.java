package dev.converge.portal.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local OpenID Connect provider for tests: discovery, a JWKS with an RSA key made here, the authorization endpoint
 * (it hands out a code at once for the person the test chose), and a token endpoint that checks the client's
 * secret and the PKCE verifier before returning an ID token signed with that key, or with a key the JWKS does not
 * have when the test asks for a bad signature; and an end-session endpoint for RP-initiated logout.
 */
final class OidcProviderStub implements AutoCloseable {

    static final String CLIENT_ID = "converge-portal";
    static final String CLIENT_SECRET = "stub-client-secret";

    private final HttpServer server;
    private final KeyPair signingKey = rsaKeyPair();
    private final KeyPair strangerKey = rsaKeyPair();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private volatile Person next = new Person("nobody", List.of(), false);
    /** What the portal sent to the authorization endpoint last. */
    volatile Map<String, String> lastAuthorization = Map.of();
    /** Whether the last token request carried a verifier matching its challenge. */
    volatile boolean lastPkceVerified;
    /** What the portal sent to the end-session endpoint last (RP-initiated logout). */
    volatile Map<String, String> lastLogout = Map.of();
    /** The ID tokens handed out and not yet ended by a logout, each with its person. */
    private final Map<String, String> openSessions = new ConcurrentHashMap<>();

    record Person(String username, List<String> groups, boolean badSignature) {
    }

    private record Grant(Person person, String nonce, String challenge, String redirectUri) {
    }

    OidcProviderStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", exchange -> json(exchange, 200,
                new JWKSet(new RSAKey.Builder((RSAPublicKey) signingKey.getPublic()).keyID("portal-test").build())
                        .toJSONObject()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/logout", this::endSession);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The person the next authorization signs in. */
    void nextSignIn(Person person) {
        next = person;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        var issuer = issuer();
        json(exchange, 200, Map.ofEntries(
                Map.entry("issuer", issuer),
                Map.entry("authorization_endpoint", issuer + "/authorize"),
                Map.entry("token_endpoint", issuer + "/token"),
                Map.entry("jwks_uri", issuer + "/jwks"),
                Map.entry("end_session_endpoint", issuer + "/logout"),
                Map.entry("response_types_supported", List.of("code")),
                Map.entry("subject_types_supported", List.of("public")),
                Map.entry("id_token_signing_alg_values_supported", List.of("RS256")),
                Map.entry("code_challenge_methods_supported", List.of("S256")),
                Map.entry("token_endpoint_auth_methods_supported", List.of("client_secret_basic")),
                Map.entry("scopes_supported", List.of("openid", "profile", "email"))));
    }

    /** Signs the chosen person in without a page and redirects back with a code, as a provider would. */
    private void authorize(HttpExchange exchange) throws IOException {
        var query = form(exchange.getRequestURI().getRawQuery());
        lastAuthorization = query;
        var code = UUID.randomUUID().toString();
        grants.put(code, new Grant(next, query.get("nonce"), query.get("code_challenge"), query.get("redirect_uri")));
        var location = query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** Whether the person's session at the provider is still open (signed in and not signed out since). */
    boolean hasOpenSession(String username) {
        return openSessions.containsValue(username);
    }

    /**
     * Ends the session the ID token hint names and sends the browser back to the portal, as a provider does; an
     * unknown hint or a missing return address is an error page.
     */
    private void endSession(HttpExchange exchange) throws IOException {
        var query = form(exchange.getRequestURI().getRawQuery());
        lastLogout = query;
        var hint = query.get("id_token_hint");
        var back = query.get("post_logout_redirect_uri");
        if (hint == null || openSessions.remove(hint) == null || back == null) {
            json(exchange, 400, Map.of("error", "invalid_request"));
            return;
        }
        var state = query.get("state");
        exchange.getResponseHeaders().add("Location", state == null ? back
                : back + (back.contains("?") ? "&" : "?") + "state="
                        + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        var body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        var basic = "Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        var grant = grants.remove(body.getOrDefault("code", ""));
        lastPkceVerified = grant != null && grant.challenge() != null && body.get("code_verifier") != null
                && grant.challenge().equals(s256(body.get("code_verifier")));
        if (grant == null || !lastPkceVerified || !grant.redirectUri().equals(body.get("redirect_uri"))) {
            json(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        json(exchange, 200, Map.of(
                "access_token", UUID.randomUUID().toString(),
                "token_type", "Bearer",
                "expires_in", 300,
                "scope", "openid profile email",
                "id_token", idToken(grant)));
    }

    private String idToken(Grant grant) {
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("sub-" + grant.person().username())
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", grant.nonce())
                .claim("preferred_username", grant.person().username())
                .claim("groups", grant.person().groups())
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("portal-test").build(), claims);
        try {
            var key = grant.person().badSignature() ? strangerKey : signingKey;
            jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        var token = jwt.serialize();
        openSessions.put(token, grant.person().username());
        return token;
    }

    private static String s256(String verifier) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (var pair : raw.split("&")) {
                var eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        var bytes = JSONObjectUtils.toJSONString(new HashMap<>(body)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static KeyPair rsaKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static URI uri(String value) {
        return URI.create(value);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
