package dev.converge.portal.live.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;

import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.live.SseFrames;
import dev.converge.portal.live.SseHub;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The stream over a real port, read as raw text by {@link HttpClient}, signed in through the form login as a browser
 * would. Kubernetes changes are made in the sandbox cluster and reach the stream through the portal's informers.
 */
// A context of its own (the property only sets the default again): in the shared one, other classes' browsers and
// deployments stream and publish on the same hub, and these tests count connections and replayed events.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "portal.sse.replay-buffer=1000")
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class SseStreamIntegrationTests {

    private static final Pattern CSRF = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    @LocalServerPort
    int port;

    @Autowired
    SseHub hub;

    @Autowired
    KubernetesClient client;

    private final List<Flow.Subscription> open = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        open.forEach(Flow.Subscription::cancel);
    }

    @Test
    void aDeploymentCreatedInTheClusterReachesItsTeamOnly() throws Exception {
        var vision = stream(signIn("dev", "dev-pass"), "/sse/stream?topics=deployments", Map.of());
        var language = stream(signIn("dev2", "dev2-pass"), "/sse/stream?topics=deployments", Map.of());
        awaitOpen(vision, language);
        // the first change also waits for the informers to start, which takes long on a loaded machine
        client.apps().deployments().inNamespace("vision").resource(deployment("vision", "warm-up")).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> vision.names().contains("deployment-row-vision-warm-up"));

        client.apps().deployments().inNamespace("vision").resource(deployment("vision", "resnet")).create();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(vision.names())
                .contains("deployment-row-vision-resnet"));

        client.apps().deployments().inNamespace("language").resource(deployment("language", "llama"))
                .create();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(language.names())
                .contains("deployment-row-language-llama"));

        // events arrive in id order, so had the vision event been sent to dev2 it would be there by now
        assertThat(language.names()).noneMatch(name -> name.contains("vision"));
        assertThat(vision.names()).noneMatch(name -> name.contains("language"));
        assertThat(vision.events().stream().filter(e -> e.name().equals("deployment-row-vision-resnet"))
                .findFirst().orElseThrow().data()).contains("0/1");
    }

    @Test
    void jsonClientsResumeFromTheirLastEventId() throws Exception {
        var admin = signIn("admin", "admin-pass");
        var first = stream(admin, "/sse/stream?topics=health&format=json", Map.of());
        awaitOpen(first);

        hub.publish(health("first"));
        await().atMost(Duration.ofSeconds(30)).until(() -> first.events().stream()
                .anyMatch(event -> event.data().contains("\"state\":\"first\"")));
        var mine = first.events().stream().filter(event -> event.data().contains("\"state\":\"first\""))
                .findFirst().orElseThrow();
        assertThat(mine.data()).contains("\"topic\":\"health\"", "\"name\":\"health-status\"",
                "\"namespace\":null");
        var seen = mine.id();
        open.remove(0).cancel();

        hub.publish(health("missed-1"));
        hub.publish(health("missed-2"));
        var resumed = stream(admin, "/sse/stream?topics=health&format=json", Map.of("Last-Event-ID", seen));

        // the portal's own health publisher may add an event of the same topic; only the order of ours matters
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(resumed.events().stream()
                .map(SseFrames.Received::data).filter(data -> data.contains("missed")).toList())
                .as("replayed after %s; comments %s", seen, resumed.comments())
                .hasSize(2).satisfiesExactly(data -> assertThat(data).contains("missed-1"),
                        data -> assertThat(data).contains("missed-2")));
    }

    @Test
    void anUnknownTopicIsRefusedWithTheValidOnes() throws Exception {
        var client = signIn("dev", "dev-pass");

        var response = client.send(get("/sse/stream?topics=deployments,weather").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("weather", "builds", "deployments", "rag", "health", "trust");
    }

    @Test
    void aClosedBrowserIsForgottenAtTheNextWriteQuietly(CapturedOutput output) throws Exception {
        // the other tests' streams are closed by now; the hub notices at its next writes
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            hub.publish(health("UP"));
            assertThat(hub.connections()).isZero();
        });
        var before = hub.connections();
        var admin = signIn("admin", "admin-pass");
        var frames = stream(admin, "/sse/stream?topics=health", Map.of());
        awaitOpen(frames);
        assertThat(hub.connections()).isEqualTo(before + 1);

        open.remove(open.size() - 1).cancel();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            hub.publish(health("UP"));
            assertThat(hub.connections()).isEqualTo(before);
        });
        assertThat(output.getOut()).as("a client going away is not an error").doesNotContain("Unexpected failure");
    }

    @Test
    void anonymousClientsGetNoStream() throws Exception {
        var anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        var response = anonymous.send(get("/sse/stream?topics=health").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isIn(302, 401);
        assertThat(response.body()).doesNotContain("connected");
    }

    private static LiveEvent health(String state) {
        return LiveEvent.global(LiveTopic.HEALTH, "health-status", "<p>" + state + "</p>", Map.of("state", state));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10));
    }

    /** Signs in through the login form, keeping the session cookie in the returned client. */
    private HttpClient signIn(String username, String password) throws IOException, InterruptedException {
        var client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        var page = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("login page carries a CSRF token").isTrue();
        var token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
        var form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(token);
        var login = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return client;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Opens a stream and feeds its lines to a parser, without a thread of its own. */
    private SseFrames stream(HttpClient client, String path, Map<String, String> headers) {
        var frames = new SseFrames();
        var request = get(path).timeout(Duration.ofMinutes(5));
        headers.forEach(request::header);
        var subscribed = new CompletableFuture<Flow.Subscription>();
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscribed.complete(subscription);
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                frames.line(line);
            }

            @Override
            public void onError(Throwable throwable) {
                subscribed.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
            }
        })).thenAccept(response -> assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/event-stream"));
        open.add(subscribed.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
        return frames;
    }

    private static void awaitOpen(SseFrames... streams) {
        for (var frames : streams) {
            await().atMost(Duration.ofSeconds(5)).until(() -> frames.comments().contains("connected"));
        }
    }

    private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(String namespace, String name) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("model").withImage("model:1").endContainer().endSpec()
                .endTemplate()
                .endSpec().build();
    }
}
