package dev.converge.portal.chat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.audit.Audited;
import dev.converge.portal.platform.openai.OpenAiChatRequest;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What users do with chats: send a message (stored before the model is called, the answer generated on its own),
 * regenerate, stop, and keep their sessions. A session is its owner's alone; creating and deleting one is audited
 * by id, never with what was written.
 * <p>
 * The path to the model is kept short: one transaction stores the question (and the session it opens or changes),
 * then the upstream request goes out; the answer's row and the audit entry are written after it is sent, while the
 * model thinks.
 */
@Service
public class ChatService {

    static final int TITLE_LENGTH = 60;
    static final int SYSTEM_LIMIT = 20_000;
    static final int MAX_TOKENS_LIMIT = 1_000_000;
    private static final String CREATE = "chat.session.create";

    private final ChatStore store;
    private final ChatCatalog catalog;
    private final ChatGenerations generations;
    private final ChatLimits limits;
    private final ChatProperties properties;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;
    private final TransactionTemplate transactions;

    ChatService(ChatStore store, ChatCatalog catalog, ChatGenerations generations, ChatLimits limits,
                ChatProperties properties, AuditLog audit, Clock clock, JsonMapper json,
                TransactionTemplate transactions) {
        this.transactions = transactions;
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
        var received = Received.now();
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
        var history = existing == null ? new ArrayList<ChatMessage>() : new ArrayList<>(store.messages(existing.id()));
        var asked = storeQuestion(existing, request, target, user, now);
        history.add(asked.question());
        Runnable audited = existing == null ? () -> audit.record(user.username(), CREATE, "chat-session/"
                + asked.session().id(), AuditOutcome.SUCCESS, "model " + asked.session().model()) : () -> { };
        return answer(asked.session(), target, asked.question(), history, user, received, audited);
    }

    /** The last answer again: the old one is replaced by a new one to the same question. */
    public ChatStarted regenerate(String sessionId, CurrentUser user) {
        var received = Received.now();
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
        return answer(session, target, question, messages, user, received, () -> { });
    }

    /** Stops the session's answer under way, if any; the text so far is kept as interrupted. */
    public boolean stop(String sessionId, CurrentUser user) {
        var session = session(sessionId, user);
        // in memory: an answer just started may not have its row yet
        return generations.runningIn(session.id()).map(generation -> generations.stop(generation.messageId))
                .reduce(false, Boolean::logicalOr);
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

    /**
     * Calls the model, then (while it thinks) writes the answer's row and runs {@code afterwards}. The answer's end
     * is stored only once its row exists ({@link ChatGenerations#start}).
     */
    private ChatStarted answer(ChatSession session, ChatTarget target, ChatMessage question,
                               List<ChatMessage> history, CurrentUser user, Received received, Runnable afterwards) {
        var now = Instant.now(clock);
        var model = target.model().id();
        var answer = new ChatMessage(UUID.randomUUID().toString(), ChatMessage.ASSISTANT, "", model,
                ChatMessage.STREAMING, null, new ChatMessage.Usage(null, null), new ChatMessage.Timings(null, null),
                now);
        var context = ContextWindow.fit(session.system(), history, properties.contextTokens());
        var upstreamModel = target.upstreamModel().get();
        var request = new OpenAiChatRequest(upstreamModel, context, session.temperature(), session.maxTokens());
        var generation = generations.start(target, request, answer.id(), session.id(), user.username(),
                received, () -> {
                    store.insertMessage(answer.id(), session.id(), ChatMessage.ASSISTANT, "", model,
                            ChatMessage.STREAMING, now);
                    afterwards.run();
                });
        return new ChatStarted(session, question, answer, generation);
    }

    /** The session and the question as they were asked. */
    private record Asked(ChatSession session, ChatMessage question) {
    }

    /**
     * The one write before the model is called: the question, with the session it opens (new) or the settings it
     * changes, in one transaction. A new session that could not be stored is audited as a failure here; its success
     * is audited after the model was called.
     */
    private Asked storeQuestion(ChatSession existing, ChatRequest request, ChatTarget target, CurrentUser user,
                                Instant now) {
        try {
            return transactions.execute(status -> {
                var session = existing == null ? create(request, target, user, now)
                        : update(existing, request, target, user, now);
                var question = store.insertMessage(UUID.randomUUID().toString(), session.id(), ChatMessage.USER,
                        request.message(), null, ChatMessage.DONE, now);
                if (existing != null) {
                    store.touchSession(session.id(), now);
                }
                return new Asked(session, question);
            });
        } catch (RuntimeException e) {
            if (existing == null) {
                audit.record(user.username(), CREATE, "chat-session", AuditOutcome.FAILURE,
                        e.getClass().getSimpleName());
            }
            throw e;
        }
    }

    private ChatSession create(ChatRequest request, ChatTarget target, CurrentUser user, Instant now) {
        var system = request.system() == null || request.system().isBlank() ? null : request.system();
        return store.createSession(user.username(), title(request.message()), target.model().id(), system,
                request.temperature(), request.maxTokens(), now);
    }

    /** The session with what the request changes, stored; returned as it now is without reading it again. */
    private ChatSession update(ChatSession session, ChatRequest request, ChatTarget target, CurrentUser user,
                               Instant now) {
        var system = request.system() == null ? session.system() : request.system().isBlank() ? null
                : request.system();
        var temperature = request.temperature() == null ? session.temperature() : request.temperature();
        var maxTokens = request.maxTokens() == null ? session.maxTokens() : request.maxTokens();
        if (request.system() != null || request.temperature() != null || request.maxTokens() != null) {
            store.updateSession(user.username(), session.id(), session.title(), system, temperature, maxTokens, now);
        }
        var model = target.model().id();
        if (!model.equals(session.model())) {
            store.useModel(session.id(), model, now);
        }
        return new ChatSession(session.id(), session.title(), model, system, temperature, maxTokens,
                session.createdAt(), now);
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
