package dev.converge.portal.chat.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.converge.portal.chat.ChatFailure;
import dev.converge.portal.chat.ChatLimitExceeded;
import dev.converge.portal.chat.ChatMarkdown;
import dev.converge.portal.chat.ChatMessage;
import dev.converge.portal.chat.ChatModel;
import dev.converge.portal.chat.ChatRequest;
import dev.converge.portal.chat.ChatService;
import dev.converge.portal.chat.ChatSession;
import dev.converge.portal.chat.ChatSessionDetail;
import dev.converge.portal.chat.ChatSettings;
import dev.converge.portal.chat.ChatStarted;
import dev.converge.portal.chat.GenerationListener;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PortalException;
import dev.converge.portal.shared.web.RenderedHtml;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The chat page: sessions on the side, the conversation, the model picker and the message box. A message posts as
 * a plain form (a redirect to the session without JavaScript); with htmx the question and the answer's live element
 * are appended, and the answer streams over SSE as rendered Markdown ({@code answer} events) until {@code done}
 * swaps in the stored message. An answer under way when the page loads is followed the same way.
 */
@Controller
@RequestMapping(path = "/chat", produces = MediaType.TEXT_HTML_VALUE)
class ChatPageController {

    private static final long STREAM_TIMEOUT_MILLIS = 30 * 60 * 1000L;
    /** How often a streaming answer is rendered again at most: tokens in between arrive with the next render. */
    private static final long RENDER_EVERY_MILLIS = 50;

    private final ChatService chats;
    private final ChatMarkdown markdown;
    private final LiveFragments fragments;
    private final MessageSource messages;

    ChatPageController(ChatService chats, ChatMarkdown markdown, LiveFragments fragments, MessageSource messages) {
        this.messages = messages;
        this.chats = chats;
        this.markdown = markdown;
        this.fragments = fragments;
    }

    @GetMapping
    String start(@RequestParam(required = false) String q, PageParams page, CurrentUser user, Model model) {
        return page(null, q, page, user, model);
    }

    @GetMapping("/sessions/{id}")
    String session(@PathVariable String id, @RequestParam(required = false) String q, PageParams page,
                   CurrentUser user, Model model) {
        return page(chats.get(id, user), q, page, user, model);
    }

    /** The sidebar's list, for the search box. */
    @GetMapping("/sessions")
    String sessions(@RequestParam(required = false) String q, @RequestParam(required = false) String current,
                    PageParams page, CurrentUser user, Model model, HtmxRequest htmx) {
        if (!htmx.isHtmxRequest()) {
            return "redirect:/chat" + (q == null || q.isBlank() ? "" : "?q=" + java.net.URLEncoder.encode(q,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        model.addAttribute("sessions", chats.sessions(q, page, user));
        model.addAttribute("q", q);
        model.addAttribute("currentId", current);
        return "chat/fragments :: results";
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String send(@RequestParam(required = false) String sessionId, @RequestParam(required = false) String model,
                @RequestParam(required = false) String message, CurrentUser user, Model view, HtmxRequest htmx,
                HttpServletResponse response, Locale locale) {
        ChatStarted started;
        try {
            started = limited(() -> chats.send(new ChatRequest(blankToNull(sessionId), blankToNull(model), message,
                    true, null, null, null), user), response);
        } catch (PortalException refused) {
            if (!htmx.isHtmxRequest()) {
                throw refused;
            }
            return refused(refused, blankToNull(sessionId), message, user, view, response, locale);
        }
        var sessionPath = "/chat/sessions/" + started.session().id();
        if (!htmx.isHtmxRequest()) {
            started.generation().awaitStored(); // the page it redirects to shows the answer under way
            return "redirect:" + sessionPath;
        }
        response.setHeader("HX-Push-Url", sessionPath);
        view.addAttribute("question", new MessageView(started.question(), markdown.html(started.question()
                .content()), false));
        view.addAttribute("answer", new MessageView(started.answer(), new RenderedHtml(""), true));
        view.addAttribute("chatSession", started.session());
        view.addAttribute("models", chats.models(user));
        view.addAttribute("answering", true);
        view.addAttribute("newSession", blankToNull(sessionId) == null);
        view.addAttribute("sessions", chats.sessions(null, new PageParams(0, PageParams.DEFAULT_SIZE), user));
        view.addAttribute("currentId", started.session().id());
        return "chat/fragments :: turn";
    }

    /**
     * A message refused before the model was called, shown in the conversation (the status stays the problem's, and
     * {@code HX-Retarget} lets htmx place it): the refused turn with the reason, and the box back with the text.
     */
    private String refused(PortalException refused, String sessionId, String message, CurrentUser user, Model view,
                           HttpServletResponse response, Locale locale) {
        response.setStatus(refused.status().value());
        response.setHeader("HX-Retarget", "#chat-log");
        response.setHeader("HX-Reswap", "beforeend");
        ChatSession session = null;
        if (sessionId != null) {
            try {
                session = chats.get(sessionId, user).session();
            } catch (PortalException notTheirs) {
                // an unknown session: the box starts a new one
            }
        }
        view.addAttribute("question", message == null ? "" : message);
        view.addAttribute("refusal", messages.getMessage(refused.detailCode(), refused.detailArgs(),
                refused.detailCode(), locale));
        view.addAttribute("draft", message);
        view.addAttribute("chatSession", session);
        view.addAttribute("models", chats.models(user));
        view.addAttribute("answering", false);
        return "chat/fragments :: refused";
    }

    /** The answer as it streams, for the page: rendered Markdown so far, then the stored message. */
    @GetMapping(path = "/sessions/{id}/messages/{messageId}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(@PathVariable String id, @PathVariable String messageId, CurrentUser user) {
        var emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        var running = chats.following(id, messageId, user);
        var models = chats.models(user);
        var session = chats.get(id, user).session();
        var events = new PageStream(emitter, session, models);
        if (running.isEmpty()) {
            events.finished(chats.message(id, messageId, user), null);
            return emitter;
        }
        running.get().follow(events);
        events.start();
        emitter.onCompletion(() -> running.get().unfollow(events));
        emitter.onTimeout(() -> running.get().unfollow(events));
        emitter.onError(error -> running.get().unfollow(events));
        return emitter;
    }

    @PostMapping("/sessions/{id}/stop")
    Object stop(@PathVariable String id, CurrentUser user, HtmxRequest htmx) {
        chats.stop(id, user);
        return htmx.isHtmxRequest() ? ResponseEntity.noContent().build() : "redirect:/chat/sessions/" + id;
    }

    @PostMapping("/sessions/{id}/regenerate")
    Object regenerate(@PathVariable String id, CurrentUser user, HtmxRequest htmx, HttpServletResponse response) {
        limited(() -> chats.regenerate(id, user), response).generation().awaitStored();
        return redirect("/chat/sessions/" + id, htmx);
    }

    @PostMapping("/sessions/{id}/settings")
    Object settings(@PathVariable String id, @RequestParam(required = false) String title,
                    @RequestParam(required = false) String system,
                    @RequestParam(required = false) Double temperature,
                    @RequestParam(required = false) Integer maxTokens, CurrentUser user, HtmxRequest htmx) {
        chats.change(id, new ChatSettings(title, system == null ? "" : system, temperature, maxTokens), user);
        return redirect("/chat/sessions/" + id, htmx);
    }

    @PostMapping("/sessions/{id}/delete")
    Object delete(@PathVariable String id, CurrentUser user, HtmxRequest htmx) {
        chats.delete(id, user);
        return redirect("/chat", htmx);
    }

    private String page(ChatSessionDetail detail, String q, PageParams page, CurrentUser user, Model model) {
        var models = chats.models(user);
        model.addAttribute("models", models);
        model.addAttribute("anyReady", models.stream().anyMatch(ChatModel::ready));
        model.addAttribute("sessions", chats.sessions(q, page, user));
        model.addAttribute("q", q);
        model.addAttribute("detail", detail);
        model.addAttribute("chatSession", detail == null ? null : detail.session());
        model.addAttribute("currentId", detail == null ? null : detail.session().id());
        model.addAttribute("answering", detail != null && detail.answering());
        var views = new ArrayList<MessageView>();
        if (detail != null) {
            var messages = detail.messages();
            for (int i = 0; i < messages.size(); i++) {
                var message = messages.get(i);
                views.add(new MessageView(message, markdown.html(message.content()), i == messages.size() - 1));
            }
        }
        model.addAttribute("messages", views);
        return "chat/list";
    }

    private static Object redirect(String path, HtmxRequest htmx) {
        if (htmx.isHtmxRequest()) {
            return ResponseEntity.noContent().header("HX-Redirect", path).build();
        }
        return "redirect:" + path;
    }

    private static <T> T limited(java.util.function.Supplier<T> call, HttpServletResponse response) {
        try {
            return call.get();
        } catch (ChatLimitExceeded e) {
            if (e.retryAfter() != null) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            }
            throw e;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Renders the answer for the page as it grows, at most every {@value #RENDER_EVERY_MILLIS} ms. */
    private final class PageStream implements GenerationListener {

        private final SseEmitter emitter;
        private final ChatSession session;
        private final List<ChatModel> models;
        private final StringBuilder text = new StringBuilder();
        private long lastRender;
        private volatile boolean open = true;

        PageStream(SseEmitter emitter, ChatSession session, List<ChatModel> models) {
            this.emitter = emitter;
            this.session = session;
            this.models = models;
        }

        /** After the tokens so far were handed over: shows them at once. */
        synchronized void start() {
            render();
        }

        @Override
        public synchronized void token(String token) {
            text.append(token);
            if (System.nanoTime() / 1_000_000 - lastRender >= RENDER_EVERY_MILLIS) {
                render();
            }
        }

        @Override
        public synchronized void finished(ChatMessage message, ChatFailure failure) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("view", new MessageView(message, markdown.html(message.content()), true));
            variables.put("chatSession", session);
            variables.put("models", models);
            variables.put("answering", false);
            send("done", fragments.render("chat/fragments", "done", variables));
            if (open) {
                open = false;
                emitter.complete();
            }
        }

        private void render() {
            lastRender = System.nanoTime() / 1_000_000;
            send("answer", markdown.html(text.toString()).html());
        }

        private void send(String name, String html) {
            if (!open) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().name(name).data(html.isEmpty() ? " " : html));
            } catch (Exception e) {
                open = false; // the reader left; the answer goes on
            }
        }
    }
}
