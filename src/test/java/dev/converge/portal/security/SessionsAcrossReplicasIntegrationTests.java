package dev.converge.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.converge.portal.PortalApplication;
import dev.converge.portal.shared.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two portal replicas (two Spring contexts on their own ports) on one PostgreSQL database, behind no sticky load
 * balancer: a browser signed in on one is signed in on the other, signing out on either ends the session for both,
 * a one-time flash (a new API token) made on one is shown by the other, and bearer calls create no session at all.
 */
class SessionsAcrossReplicasIntegrationTests {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]*)");
    private static final Pattern TOKEN = Pattern.compile("cvp_[A-Za-z0-9_-]{43}");

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void startTwoReplicasOnOneDatabase() {
        String database = EmbeddedPostgresServer.newDatabaseUrl();
        first = replica(database);
        second = replica(database);
    }

    @AfterAll
    static void stopReplicas() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void aSessionMadeOnOneReplicaIsValidOnTheOther() throws Exception {
        var login = get(first, "/login", null);
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax"));
        String session = signIn(first, "dev", "dev-pass");

        var profile = get(second, "/profile", session);

        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.body()).contains("<dd id=\"profile-username\">dev</dd>");
    }

    @Test
    void signingOutOnOneReplicaEndsTheSessionOnTheOther() throws Exception {
        String session = signIn(first, "dev2", "dev2-pass");
        String csrf = csrfOf(get(second, "/profile", session));

        var logout = post(second, "/logout", session, Map.of("_csrf", csrf));

        assertThat(logout.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        var afterwards = get(first, "/profile", session);
        assertThat(afterwards.statusCode()).isEqualTo(302);
        assertThat(afterwards.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void aNewTokenCreatedOnOneReplicaIsShownOnceByTheOther() throws Exception {
        String session = signIn(first, "lead", "lead-pass");
        String csrf = csrfOf(get(first, "/profile", session));

        var created = post(first, "/profile/tokens", session, Map.of("_csrf", csrf, "name", "replica test"));
        assertThat(created.statusCode()).isEqualTo(302);

        var shown = get(second, "/profile", session);
        var matcher = TOKEN.matcher(shown.body());
        assertThat(matcher.find()).as("the new token is on the other replica's page").isTrue();
        assertThat(get(first, "/profile", session).body()).doesNotContain(matcher.group());
    }

    @Test
    void bearerCallsCreateNoSession() throws Exception {
        String session = signIn(first, "viewer", "viewer-pass");
        String csrf = csrfOf(get(first, "/profile", session));
        post(first, "/profile/tokens", session, Map.of("_csrf", csrf, "name", "bearer only"));
        var token = TOKEN.matcher(get(first, "/profile", session).body());
        assertThat(token.find()).isTrue();
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        long sessionsBefore = jdbc.sql("SELECT COUNT(*) FROM spring_session").query(Long.class).single();

        var response = http.send(HttpRequest.newBuilder(uri(second, "/profile"))
                .header("Authorization", "Bearer " + token.group()).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("JSESSIONID="));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM spring_session").query(Long.class).single()).isEqualTo(sessionsBefore);
    }

    // ---- a browser, by hand ----

    private String signIn(ConfigurableApplicationContext replica, String username, String password) throws Exception {
        var page = get(replica, "/login", null);
        String anonymous = sessionOf(page);
        var response = post(replica, "/login", anonymous,
                Map.of("username", username, "password", password, "_csrf", csrfOf(page)));
        assertThat(response.headers().firstValue("Location")).as("signed in as %s", username)
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
        return sessionOf(response);
    }

    private HttpResponse<String> get(ConfigurableApplicationContext replica, String path, String session)
            throws Exception {
        var request = HttpRequest.newBuilder(uri(replica, path));
        if (session != null) {
            request.header("Cookie", "JSESSIONID=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ConfigurableApplicationContext replica, String path, String session,
                                      Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(uri(replica, path))
                .header("Cookie", "JSESSIONID=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrfOf(HttpResponse<String> page) {
        var matcher = CSRF.matcher(page.body());
        assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
        return matcher.group(1);
    }

    private static String sessionOf(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(SESSION::matcher).filter(java.util.regex.Matcher::find).map(m -> m.group(1))
                .filter(value -> !value.isEmpty()).reduce((earlier, later) -> later)
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }

    private static URI uri(ConfigurableApplicationContext replica, String path) {
        int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static ConfigurableApplicationContext replica(String database) {
        return new SpringApplicationBuilder(PortalApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username=" + EmbeddedPostgresServer.username(),
                        "--spring.datasource.password=");
    }
}
