package dev.converge.portal.chat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.platform.openai.OpenAiStub;
import dev.converge.portal.shared.web.Journey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A developer chats in the browser with a model of their team (an external endpoint served by the OpenAI stub): the
 * answer renders piece by piece before it is done, Stop cuts it and says so, and a reload in the middle of an answer
 * shows it and follows it to the end. A message refused before the model is called shows in the conversation, and
 * the box keeps the text to change it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portal.chat.save-every=200ms", "portal.chat.concurrent-streams=5", "portal.chat.max-message-chars=200"})
@ActiveProfiles("test")
class ChatJourneyTests {

    static final OpenAiStub stub = start();

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("portal.chat.endpoints[0].id", () -> "stub");
        registry.add("portal.chat.endpoints[0].name", () -> "Stub model");
        registry.add("portal.chat.endpoints[0].base-url", stub::baseUrl);
        registry.add("portal.chat.endpoints[0].model", () -> "stub-model");
        registry.add("portal.chat.endpoints[0].teams", () -> "vision");
    }

    @AfterAll
    static void stopStub() throws IOException {
        stub.close();
    }

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    private static final By ANSWER = By.cssSelector("#chat-log article.chat-assistant:last-of-type .chat-body");
    private static final By STREAMING = By.cssSelector("#chat-log article.streaming");
    private static final By BOX = By.id("chat-message");

    @Test
    void anAnswerStreamsInStopsOnStopAndSurvivesAReload() {
        var words = new ArrayList<String>();
        for (int i = 1; i <= 30; i++) {
            words.add("word" + i + " ");
        }
        stub.script(OpenAiStub.Script.tokens(words).tokenEvery(Duration.ofMillis(80)));
        try (var journey = Journey.start("chat", profile, port)) {
            journey.signIn("dev", "dev-pass").open("/chat")
                    .sees(By.id("chat-model"), "Stub model")
                    .sees(By.id("chat-start"), "Start a conversation");
            journey.step("empty-session");

            journey.type(BOX, "Tell me **thirty** words <script>alert(1)</script>");
            journey.visible(BOX).sendKeys(Keys.ENTER);
            journey.visible(STREAMING);
            var partials = new ArrayList<String>();
            var screenshot = false;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!journey.all(STREAMING).isEmpty() && System.nanoTime() < until) {
                var text = textOr(journey, By.cssSelector("#chat-log article.streaming .chat-body"));
                if (!text.isBlank() && (partials.isEmpty() || !partials.get(partials.size() - 1).equals(text))) {
                    partials.add(text);
                    if (!screenshot && partials.size() == 3) {
                        journey.step("streaming");
                        screenshot = true;
                    }
                }
            }
            assertThat(partials).as("partial renders before done").hasSizeGreaterThanOrEqualTo(3);
            assertThat(partials.get(0).length()).isLessThan(partials.get(partials.size() - 1).length());
            journey.sees(ANSWER, "word1 word2", "word30");
            journey.sees(By.cssSelector("#chat-log article.chat-user"), "Tell me thirty words <script>alert(1)</script>");
            assertThat(journey.visible(BOX).isEnabled()).as("the box is back after the answer: %s",
                    journey.script("return document.getElementById('composer').outerHTML")).isTrue();
            journey.visible(By.cssSelector("#chat-log article.chat-assistant .chat-regenerate"));
            journey.step("answered");

            stub.script(OpenAiStub.Script.tokens(Collections.nCopies(300, "z")).tokenEvery(Duration.ofMillis(40)));
            var abandoned = stub.abandoned();
            journey.type(BOX, "Now a very long one");
            journey.visible(BOX).sendKeys(Keys.ENTER);
            journey.sees(By.cssSelector("#chat-log article.streaming .chat-body"), "zzzz");
            assertThat(journey.visible(BOX).isEnabled()).as("disabled while answering").isFalse();
            journey.click(By.cssSelector("button.chat-stop"));
            journey.sees(By.cssSelector("#chat-log article.interrupted .chat-interrupted"), "Stopped by you.");
            await().atMost(5, TimeUnit.SECONDS).until(() -> stub.abandoned() == abandoned + 1);
            journey.step("stopped");

            stub.script(OpenAiStub.Script.tokens(Collections.nCopies(60, "r")).tokenEvery(Duration.ofMillis(50)));
            journey.type(BOX, "And another long one");
            journey.visible(BOX).sendKeys(Keys.ENTER);
            journey.sees(By.cssSelector("#chat-log article.streaming .chat-body"), "rrrr");
            journey.driver().navigate().refresh();
            journey.visible(STREAMING);
            journey.step("reloaded-mid-answer");
            journey.seesNo(STREAMING);
            journey.sees(ANSWER, "r".repeat(60));
            journey.step("picked-up-after-reload");

            journey.narrow().driver().navigate().refresh();
            journey.sees(By.id("chat-model"), "Stub model");
            assertThat(journey.pageScrollsSideways()).as("usable at 800 px").isFalse();
            journey.step("narrow");
        }
    }

    @Test
    void aMessageTooLargeIsRefusedInTheConversationAndTheBoxStaysUsable() {
        stub.script(OpenAiStub.Script.words("Short enough."));
        try (var journey = Journey.start("chat-refused", profile, port)) {
            journey.expectConsoleError("413").signIn("dev", "dev-pass").open("/chat")
                    .sees(By.id("chat-model"), "Stub model");
            journey.script("document.getElementById('chat-message').value = 'x'.repeat(250)");
            journey.visible(BOX).sendKeys(Keys.ENTER);

            journey.sees(By.cssSelector("#chat-log article.chat-refused .chat-refusal"), "Not sent to the model",
                    "250 characters", "at most 200");
            assertThat(journey.visible(BOX).isEnabled()).as("the box is usable again").isTrue();
            assertThat(journey.visible(BOX).getAttribute("value")).as("the text is kept to change it")
                    .isEqualTo("x".repeat(250));
            journey.seesNo(By.cssSelector("#alerts .alert-error"));
            journey.step("refused-in-conversation");

            journey.type(BOX, "A short question");
            journey.visible(BOX).sendKeys(Keys.ENTER);
            journey.sees(ANSWER, "Short enough.");
            journey.sees(By.cssSelector("#chat-log article.chat-refused"), "Not sent to the model");
            journey.step("answered-after-refusal");
        }
    }

    private static String textOr(Journey journey, By what) {
        try {
            var found = journey.all(what);
            return found.isEmpty() ? "" : found.get(0).getText();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static OpenAiStub start() {
        try {
            return new OpenAiStub();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
