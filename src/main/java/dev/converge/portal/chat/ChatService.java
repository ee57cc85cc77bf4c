package dev.converge.portal.chat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.Audited;
import dev.converge.portal.platform.openai.OpenAiChatRequest;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * What users do with chats: send a message (stored before the model is called, the answer generated on its own),
 * regenerate, stop, and keep their sessions. A session is its owner's alone; creating and deleting one is audited
 * by id, never with what was written.
 */
@Service
public class ChatService {

    static final int TITLE_LENGTH = 60;
    static final int SYSTEM_LIMIT = 20_000;
    static final int MAX_TOKENS_LIMIT = 1_000_000;

    private final ChatStore store;
    private final ChatCatalog catalog;
    private final ChatGenerations generations;
    private final ChatLimits limits;
    private final ChatProperties properties;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;

    ChatService(ChatStore store, ChatCatalog catalog, ChatGenerations generations, ChatLimits limits,
                ChatProperties properties, AuditLog audit, Clock clock, JsonMapper json) {
        this.store = store;
        this.catalog = catalog;
        this.generations = generations;
        this.limits = limits;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    public List<ChatModel> models(CurrentUser user) {
        return catalog.models(user);
    }

    public ChatStarted send(ChatRequest request, CurrentUser user) {
        if (request.message() == null || request.message().isBlank()) {
            throw InvalidChatRequest.field("message", "chat.error.message.required");
        }
        limits.checkSize(request.message());
        validate(request.system(), request.temperature(), request.maxTokens());
        var existing = request.sessionId() == null || request.sessionId().isBlank() ? null
                : session(request.sessionId(), user);
        var modelId = request.model() == null || request.model().isBlank()
                ? existing == null ? null : existing.model() : request.model().strip();
        var target = catalog.resolve(modelId, user);
        limits.admit(user.username(), (int) generations.streamingFor(user.username()));
        var now = Instant.now(clock);
        var session = existing == null ? create(request, target, user, now) : update(existing, request, target, user, now);
        var question = store.addMessage(session.id(), ChatMessage.USER, request.message(), null, ChatMessage.DONE, now);
        return answer(session, target, question, user);
    }

    /** The last answer again: the old one is replaced by a new one to the same question. */
    public ChatStarted regenerate(String sessionId, CurrentUser user) {
        var session = session(sessionId, user);
        var messages = store.messages(session.id());
        if (messages.isEmpty()) {
            throw InvalidChatRequest.field("sessionId", "chat.error.regenerate.nothing");
        }
        var last = messages.get(messages.size() - 1);
        if (last.streaming()) {
            throw InvalidChatRequest.field("sessionId", "chat.error.regenerate.streaming");
        }
        var target = catalog.resolve(session.model(), user);
        limits.admit(user.username(), (int) generations.streamingFor(user.username()));
        if (!last.fromUser()) {
            store.deleteMessage(last.id());
            messages = messages.subList(0, messages.size() - 1);
        }
        var question = messages.stream().filter(ChatMessage::fromUser).reduce((a, b) -> b)
                .orElseThrow(() -> InvalidChatRequest.field("sessionId", "chat.error.regenerate.nothing"));
        return answer(session, target, question, user);
    }

    /** Stops the session's answer under way, if any; the text so far is kept as interrupted. */
    public boolean stop(String sessionId, CurrentUser user) {
        var session = session(sessionId, user);
        var last = store.messages(session.id()).stream().filter(ChatMessage::streaming).reduce((a, b) -> b);
        return last.map(message -> generations.stop(message.id())).orElse(false);
    }

    public PageView<ChatSession> sessions(String q, PageParams page, CurrentUser user) {
        return store.sessions(user.username(), q, page);
    }

    public ChatSessionDetail get(String sessionId, CurrentUser user) {
        var session = session(sessionId, user);
        return new ChatSessionDetail(session, store.messages(session.id()));
    }

    public ChatMessage message(String sessionId, String messageId, CurrentUser user) {
        var session = session(sessionId, user);
        return store.messages(session.id()).stream().filter(message -> message.id().equals(messageId)).findFirst()
                .orElseThrow(() -> ChatSessionNotFound.message(messageId));
    }

    /** The answer under way with this id in one of the user's sessions, to follow it. */
    public Optional<Generation> following(String sessionId, String messageId, CurrentUser user) {
        session(sessionId, user);
        return generations.running(messageId).filter(generation -> generation.sessionId.equals(sessionId));
    }

    public ChatSession change(String sessionId, ChatSettings settings, CurrentUser user) {
        var session = session(sessionId, user);
        var title = settings.title() == null ? session.title() : settings.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            throw InvalidChatRequest.field("title", "chat.error.title.size", 200);
        }
        validate(settings.system(), settings.temperature(), settings.maxTokens());
        var system = settings.system() == null ? session.system() : settings.system().isBlank() ? null
                : settings.system();
        var temperature = settings.temperature() == null ? session.temperature() : settings.temperature();
        var maxTokens = settings.maxTokens() == null ? session.maxTokens() : settings.maxTokens();
        store.updateSession(user.username(), session.id(), title, system, temperature, maxTokens, Instant.now(clock));
        return session(sessionId, user);
    }

    public void delete(String sessionId, CurrentUser user) {
        Audited.run(audit, user.username(), "chat.session.delete", "chat-session/" + sessionId, () -> {
            var session = session(sessionId, user);
            store.messages(session.id()).stream().filter(ChatMessage::streaming)
                    .forEach(message -> generations.stop(message.id()));
            store.deleteSession(user.username(), session.id());
        }, null);
    }

    /** The session as Markdown (a heading per turn) or as the JSON of {@code GET /chat/sessions/{id}}. */
    public byte[] export(String sessionId, String format, CurrentUser user) {
        var detail = get(sessionId, user);
        if ("json".equals(format)) {
            return json.writeValueAsBytes(detail);
        }
        if (format != null && !"markdown".equals(format)) {
            throw InvalidChatRequest.field("format", "chat.error.export.format");
        }
        var text = new StringBuilder("# ").append(detail.session().title()).append("\n\n");
        text.append("Model: ").append(detail.session().model()).append("\n\n");
        if (detail.session().system() != null) {
            text.append("## System\n\n").append(detail.session().system()).append("\n\n");
        }
        for (var message : detail.messages()) {
            text.append("## ").append(message.fromUser() ? "User" : "Assistant");
            if (message.interrupted()) {
                text.append(" (interrupted: ").append(message.reason()).append(")");
            }
            text.append("\n\n").append(message.content()).append("\n\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ChatStarted answer(ChatSession session, ChatTarget target, ChatMessage question, CurrentUser user) {
        var now = Instant.now(clock);
        var history = new ArrayList<>(store.messages(session.id()));
        var answer = store.addMessage(session.id(), ChatMessage.ASSISTANT, "", target.model().id(),
                ChatMessage.STREAMING, now);
        var context = ContextWindow.fit(session.system(), history, properties.contextTokens());
        var upstreamModel = target.upstreamModel().get();
        var request = new OpenAiChatRequest(upstreamModel, context, session.temperature(), session.maxTokens());
        var generation = generations.start(target, upstreamModel, request, answer.id(), session.id(),
                user.username());
        return new ChatStarted(session, question, answer, generation);
    }

    private ChatSession create(ChatRequest request, ChatTarget target, CurrentUser user, Instant now) {
        var title = title(request.message());
        var system = request.system() == null || request.system().isBlank() ? null : request.system();
        return Audited.call(audit, user.username(), "chat.session.create", "chat-session",
                () -> store.createSession(user.username(), title, target.model().id(), system, request.temperature(),
                        request.maxTokens(), now),
                session -> "chat-session/" + session.id(), session -> "model " + session.model());
    }

    private ChatSession update(ChatSession session, ChatRequest request, ChatTarget target, CurrentUser user,
                               Instant now) {
        var changed = request.system() != null || request.temperature() != null || request.maxTokens() != null;
        if (changed) {
            store.updateSession(user.username(), session.id(), session.title(),
                    request.system() == null ? session.system() : request.system().isBlank() ? null
                            : request.system(),
                    request.temperature() == null ? session.temperature() : request.temperature(),
                    request.maxTokens() == null ? session.maxTokens() : request.maxTokens(), now);
        }
        if (!target.model().id().equals(session.model())) {
            store.useModel(session.id(), target.model().id(), now);
        }
        return store.session(user.username(), session.id()).orElse(session);
    }

    private ChatSession session(String id, CurrentUser user) {
        if (id == null || id.length() > 36) {
            throw ChatSessionNotFound.id(String.valueOf(id));
        }
        return store.session(user.username(), id).orElseThrow(() -> ChatSessionNotFound.id(id));
    }

    private static void validate(String system, Double temperature, Integer maxTokens) {
        if (system != null && system.length() > SYSTEM_LIMIT) {
            throw InvalidChatRequest.field("system", "chat.error.system.size", SYSTEM_LIMIT);
        }
        if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
            throw InvalidChatRequest.field("temperature", "chat.error.temperature.range");
        }
        if (maxTokens != null && (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT)) {
            throw InvalidChatRequest.field("maxTokens", "chat.error.maxTokens.range", MAX_TOKENS_LIMIT);
        }
    }

    static String title(String message) {
        var line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() <= TITLE_LENGTH ? line : line.substring(0, TITLE_LENGTH - 1) + "…";
    }
}
