package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.converge.portal.security.OidcProviderStub.Person;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OpenID Connect sign-in against a local provider ({@link OidcProviderStub}), driven the way a browser follows the
 * redirects: authorization code with PKCE, the ID token's signature checked against the provider's JWKS, claims
 * mapped to a role and teams by configuration, and the form login and personal access tokens still working beside it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SingleSignOnIntegrationTests {

    private static final OidcProviderStub PROVIDER = start();
    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]*)");
    private static final Pattern TOKEN = Pattern.compile("cvp_[A-Za-z0-9_-]{43}");

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        registry.add("portal.security.oidc.enabled", () -> "true");
        registry.add("portal.security.oidc.issuer-uri", PROVIDER::issuer);
        registry.add("portal.security.oidc.client-id", () -> OidcProviderStub.CLIENT_ID);
        registry.add("portal.security.oidc.client-secret", () -> OidcProviderStub.CLIENT_SECRET);
        registry.add("portal.security.oidc.display-name", () -> "Sign in with Example ID");
        registry.add("portal.security.oidc.roles[platform-admins]", () -> "ADMIN");
        registry.add("portal.security.oidc.roles[ml-engineers]", () -> "DEVELOPER");
        registry.add("portal.security.oidc.teams[cv-team]", () -> "vision");
        registry.add("portal.security.oidc.teams[nlp-team]", () -> "language");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void theSignInPageOffersSingleSignOnBesideTheForm() throws Exception {
        var page = get("/login", null).body();

        assertThat(page).contains("id=\"sso-sign-in\"", "Sign in with Example ID", "name=\"password\"");
    }

    @Test
    void signsInWithPkceAndMapsClaimsToARoleAndTeams() throws Exception {
        String session = signInThroughProvider(new Person("ada", List.of("ml-engineers", "cv-team", "chess-club"), false));

        assertThat(PROVIDER.lastAuthorization).containsEntry("code_challenge_method", "S256")
                .containsKey("code_challenge").containsKey("nonce");
        assertThat(PROVIDER.lastPkceVerified).isTrue();
        var profile = get("/profile", session);
        assertThat(profile.statusCode()).isEqualTo(200);
        // chess-club is mapped to nothing: no team, no role, no error
        assertThat(profile.body()).contains("<dd id=\"profile-username\">ada</dd>",
                "<dd id=\"profile-teams\">vision</dd>");
        assertThat(get("/audit", session).statusCode()).as("a developer is no admin").isEqualTo(403);
    }

    @Test
    void anIdTokenWithABadSignatureIsRefused() throws Exception {
        var callback = followToCallback(new Person("mallory", List.of("platform-admins"), true));

        assertThat(callback.response().headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?sso-error"));
        assertThat(get("/profile", sessionOf(callback.response(), callback.session())).statusCode()).isEqualTo(302);
    }

    @Test
    void someoneWhoseGroupsMapToNoRoleCannotSignIn() throws Exception {
        var callback = followToCallback(new Person("stranger", List.of("chess-club"), false));

        assertThat(callback.response().headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?sso-error"));
        assertThat(get("/login?sso-error", null).body()).contains("Single sign-on did not sign you in");
    }

    @Test
    void aConfiguredUsernameCannotBeTakenOverThroughTheProvider() throws Exception {
        var callback = followToCallback(new Person("admin", List.of("platform-admins"), false));

        assertThat(callback.response().headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?sso-error"));
    }

    @Test
    void signingOutEndsThePortalSessionAndTheProvidersAndComesBack() throws Exception {
        String session = signInThroughProvider(new Person("grace", List.of("platform-admins"), false));
        assertThat(PROVIDER.hasOpenSession("grace")).isTrue();
        String csrf = csrfOf(get("/profile", session).body());

        var logout = post("/logout", session, Map.of("_csrf", csrf));

        var endSession = URI.create(logout.headers().firstValue("Location").orElseThrow());
        assertThat(endSession.toString()).startsWith(PROVIDER.issuer() + "/logout?");
        var atProvider = http.send(HttpRequest.newBuilder(endSession).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(PROVIDER.lastLogout).containsKey("id_token_hint")
                .containsEntry("post_logout_redirect_uri", "http://localhost:" + port + "/login?logout");
        assertThat(PROVIDER.hasOpenSession("grace")).as("the hint named grace's ID token").isFalse();
        var back = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).isEqualTo("/login");
        assertThat(back.getQuery()).startsWith("logout");
        var signInPage = http.send(HttpRequest.newBuilder(back).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signInPage.statusCode()).isEqualTo(200);
        assertThat(signInPage.body()).contains("id=\"sso-sign-in\"");
        assertThat(get("/profile", session).statusCode()).isEqualTo(302);
    }

    @Test
    void aFormSignInSignsOutWithoutVisitingTheProvider() throws Exception {
        var page = get("/login", null);
        var signedIn = post("/login", sessionOf(page, null),
                Map.of("_csrf", csrfOf(page.body()), "username", "viewer", "password", "viewer-pass"));
        String session = sessionOf(signedIn, sessionOf(page, null));
        var logoutsBefore = PROVIDER.lastLogout;

        var logout = post("/logout", session, Map.of("_csrf", csrfOf(get("/profile", session).body())));

        assertThat(logout.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?logout"));
        assertThat(PROVIDER.lastLogout).isSameAs(logoutsBefore);
        assertThat(get("/profile", session).statusCode()).isEqualTo(302);
    }

    @Test
    void aPersonalAccessTokenOfASingleSignOnUserWorks() throws Exception {
        String session = signInThroughProvider(new Person("linus", List.of("ml-engineers", "nlp-team"), false));
        post("/profile/tokens", session, Map.of("_csrf", csrfOf(get("/profile", session).body()), "name", "ci"));
        Matcher token = TOKEN.matcher(get("/profile", session).body());
        assertThat(token.find()).isTrue();

        var response = http.send(HttpRequest.newBuilder(uri("/profile"))
                .header("Authorization", "Bearer " + token.group()).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("linus", "language");
    }

    @Test
    void theFormLoginStillWorks() throws Exception {
        var page = get("/login", null);
        var response = post("/login", sessionOf(page, null),
                Map.of("username", "dev", "password", "dev-pass", "_csrf", csrfOf(page.body())));

        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(get("/profile", sessionOf(response, null)).body()).contains("<dd id=\"profile-username\">dev</dd>");
    }

    // ---- the browser's part ----

    private record Callback(HttpResponse<String> response, String session) {
    }

    /** Portal → provider → back to the portal's redirect URI; returns the portal's answer to the callback. */
    private Callback followToCallback(Person person) throws Exception {
        PROVIDER.nextSignIn(person);
        var start = get("/oauth2/authorization/oidc", null);
        assertThat(start.statusCode()).isEqualTo(302);
        String session = sessionOf(start, null);
        var atProvider = http.send(HttpRequest.newBuilder(URI.create(start.headers().firstValue("Location").orElseThrow()))
                .build(), HttpResponse.BodyHandlers.ofString());
        var callback = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/login/oauth2/code/oidc");
        return new Callback(get(callback.getPath() + "?" + callback.getRawQuery(), session), session);
    }

    private String signInThroughProvider(Person person) throws Exception {
        var callback = followToCallback(person);
        assertThat(callback.response().headers().firstValue("Location")).as("signed in as %s", person.username())
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
        return sessionOf(callback.response(), callback.session());
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        var request = HttpRequest.newBuilder(uri(path));
        if (session != null) {
            request.header("Cookie", "JSESSIONID=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String session, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", "JSESSIONID=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String csrfOf(String page) {
        var matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
        return matcher.group(1);
    }

    /** The newest session cookie the response set, or the one the browser had. */
    private static String sessionOf(HttpResponse<String> response, String had) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(SESSION::matcher).filter(Matcher::find).map(m -> m.group(1))
                .filter(value -> !value.isEmpty()).reduce((earlier, later) -> later).orElse(had);
    }

    private static OidcProviderStub start() {
        try {
            return new OidcProviderStub();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
