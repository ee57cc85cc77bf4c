package dev.converge.portal.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import dev.converge.portal.security.ApiTokens;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chat API as a client on the real port sees it, signed in with an API token per user. */
final class ChatApi {

    record Event(String name, JsonNode data) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final int port;
    private final String token;

    private ChatApi(int port, String token) {
        this.port = port;
        this.token = token;
    }

    static ChatApi as(ApiTokens tokens, int port, String username, Role role, String... teams) {
        var owner = new CurrentUser(username, Set.of(role), new TreeSet<>(List.of(teams)),
                new TreeSet<>(List.of(teams)));
        return new ChatApi(port, tokens.create(owner, "chat-test-" + System.nanoTime(), 1).plaintext());
    }

    static ChatApi withToken(int port, String token) {
        return new ChatApi(port, token);
    }

    String token() {
        return token;
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> html(String path) throws IOException, InterruptedException {
        return http.send(request(path).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The page's message box as htmx posts it (a form, {@code HX-Request}). */
    HttpResponse<String> htmxForm(String path, String form) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts and reads the SSE answer until {@code done} or {@code error}, or until {@code stopWhen} says so. */
    Stream stream(String path, String body, String accept, Predicate<List<Event>> stopWhen)
            throws IOException, InterruptedException {
        return stream("POST", path, body, accept, stopWhen);
    }

    Stream stream(String method, String path, String body, String accept, Predicate<List<Event>> stopWhen)
            throws IOException, InterruptedException {
        var response = http.send(request(path).header("Content-Type", "application/json").header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        var events = new ArrayList<Event>();
        if (response.statusCode() != 200) {
            var text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            return new Stream(response.statusCode(), events, text, response.headers().firstValue("Content-Type")
                    .orElse(""));
        }
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            var data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                } else if (line.isEmpty() && name != null) {
                    events.add(new Event(name, json.readTree(data.toString())));
                    var last = name;
                    name = null;
                    data.setLength(0);
                    if (last.equals("done") || last.equals("error") || stopWhen.test(events)) {
                        break;
                    }
                }
            }
        }
        return new Stream(200, events, null, response.headers().firstValue("Content-Type").orElse(""));
    }

    record Stream(int status, List<Event> events, String errorBody, String contentType) {

        String text() {
            var text = new StringBuilder();
            events.stream().filter(e -> e.name().equals("token")).forEach(e -> text.append(e.data().path("text")
                    .asString()));
            return text.toString();
        }

        Event last() {
            return events.get(events.size() - 1);
        }
    }

    JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
    }
}
