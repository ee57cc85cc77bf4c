package dev.converge.portal.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions and messages in the database. Every read and change names the owner, so one user's session id is no
 * key to another's: it is simply not found.
 */
@Repository
class ChatStore {

    private static final String SESSION_COLUMNS =
            "id, title, model, system_prompt, temperature, max_tokens, created_at, updated_at";
    private static final String MESSAGE_COLUMNS = "id, role, content, model, status, reason, prompt_tokens, "
            + "completion_tokens, first_token_ms, total_ms, created_at, sources";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final StoredSources sources;

    ChatStore(JdbcClient jdbc, JdbcTemplate batches, JsonMapper json) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.sources = new StoredSources(json);
    }

    ChatSession createSession(String owner, String title, String model, String system, Double temperature,
                              Integer maxTokens, Instant at) {
        var id = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO chat_sessions (id, owner, title, model, system_prompt, temperature, max_tokens, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, owner, title, model, system, temperature, maxTokens, Timestamp.from(at), Timestamp.from(at))
                .update();
        return new ChatSession(id, title, model, system, temperature, maxTokens, at, at);
    }

    Optional<ChatSession> session(String owner, String id) {
        return jdbc.sql("SELECT " + SESSION_COLUMNS + " FROM chat_sessions WHERE owner = ? AND id = ?")
                .params(owner, id).query(ChatStore::session).optional();
    }

    /** The owner's sessions, the most recently used first; {@code q} matches the title or any message's text. */
    PageView<ChatSession> sessions(String owner, String q, PageParams page) {
        var where = " FROM chat_sessions s WHERE s.owner = ?";
        var pattern = q == null || q.isBlank() ? null : "%" + q.strip().toLowerCase()
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        if (pattern != null) {
            where += " AND (LOWER(s.title) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM chat_messages m WHERE "
                    + "m.session_id = s.id AND LOWER(m.content) LIKE ? ESCAPE '\\'))";
        }
        var params = pattern == null ? new Object[] {owner} : new Object[] {owner, pattern, pattern};
        long total = jdbc.sql("SELECT COUNT(*)" + where).params(params).query(Long.class).single();
        var items = jdbc.sql("SELECT " + SESSION_COLUMNS.replaceAll("(\\w+)", "s.$1") + where
                        + " ORDER BY s.updated_at DESC, s.id LIMIT " + page.size() + " OFFSET "
                        + (long) page.page() * page.size())
                .params(params).query(ChatStore::session).list();
        return PageView.of(items, page, total);
    }

    boolean updateSession(String owner, String id, String title, String system, Double temperature,
                          Integer maxTokens, Instant at) {
        return jdbc.sql("UPDATE chat_sessions SET title = ?, system_prompt = ?, temperature = ?, max_tokens = ?, "
                        + "updated_at = ? WHERE owner = ? AND id = ?")
                .params(title, system, temperature, maxTokens, Timestamp.from(at), owner, id).update() == 1;
    }

    void useModel(String id, String model, Instant at) {
        jdbc.sql("UPDATE chat_sessions SET model = ?, updated_at = ? WHERE id = ?")
                .params(model, Timestamp.from(at), id).update();
    }

    boolean deleteSession(String owner, String id) {
        return jdbc.sql("DELETE FROM chat_sessions WHERE owner = ? AND id = ?").params(owner, id).update() == 1;
    }

    List<ChatMessage> messages(String sessionId) {
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS + " FROM chat_messages WHERE session_id = ? ORDER BY seq")
                .params(sessionId).query(this::message).list();
    }

    ChatMessage addMessage(String sessionId, String role, String content, String model, String status, Instant at) {
        var message = insertMessage(UUID.randomUUID().toString(), sessionId, role, content, model, status, at);
        touchSession(sessionId, at);
        return message;
    }

    /**
     * A message with the next number in its session, in one statement (the number is taken by the insert itself);
     * the session's {@code updated_at} is left alone ({@link #touchSession}).
     */
    ChatMessage insertMessage(String id, String sessionId, String role, String content, String model, String status,
                              Instant at) {
        jdbc.sql("INSERT INTO chat_messages (id, session_id, seq, role, content, model, status, created_at, "
                        + "updated_at) SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ? FROM chat_messages "
                        + "WHERE session_id = ?")
                .params(id, sessionId, role, content, model, status, Timestamp.from(at), Timestamp.from(at),
                        sessionId)
                .update();
        return new ChatMessage(id, role, content, model, status, null, new ChatMessage.Usage(null, null),
                new ChatMessage.Timings(null, null), at);
    }

    void touchSession(String sessionId, Instant at) {
        jdbc.sql("UPDATE chat_sessions SET updated_at = ? WHERE id = ?").params(Timestamp.from(at), sessionId)
                .update();
    }

    /** The answer so far, while it streams. */
    /** The text so far of answers still streaming (message id to text), in one batch: one connection a round. */
    void saveProgress(Map<String, String> contents, Instant at) {
        var when = Timestamp.from(at);
        batches.batchUpdate("UPDATE chat_messages SET content = ?, updated_at = ? WHERE id = ? AND status = ?",
                contents.entrySet().stream().map(entry -> new Object[] {entry.getValue(), when, entry.getKey(),
                        ChatMessage.STREAMING}).toList());
    }

    void finish(String messageId, String content, String status, String reason, ChatMessage.Usage usage,
                ChatMessage.Timings timings, List<ChatMessage.Source> found, Instant at) {
        jdbc.sql("UPDATE chat_messages SET content = ?, status = ?, reason = ?, sources = ?, prompt_tokens = ?, "
                        + "completion_tokens = ?, first_token_ms = ?, total_ms = ?, updated_at = ? WHERE id = ?")
                .params(content, status, reason, found.isEmpty() ? null : sources.encode(found),
                        usage.promptTokens(), usage.completionTokens(),
                        timings.firstTokenMs(), timings.totalMs(), Timestamp.from(at), messageId)
                .update();
    }

    /** The message and the session it is in, if the owner's. */
    Optional<String> sessionOfMessage(String owner, String messageId) {
        return jdbc.sql("SELECT m.session_id FROM chat_messages m JOIN chat_sessions s ON s.id = m.session_id "
                        + "WHERE s.owner = ? AND m.id = ?")
                .params(owner, messageId).query(String.class).optional();
    }

    void deleteMessage(String messageId) {
        jdbc.sql("DELETE FROM chat_messages WHERE id = ?").params(messageId).update();
    }

    /**
     * Answers left streaming by a portal that stopped: nobody generates them any more, so they are interrupted,
     * with what was saved kept.
     */
    int interruptOrphans(String reason, Instant at) {
        return jdbc.sql("UPDATE chat_messages SET status = ?, reason = ?, updated_at = ? WHERE status = ?")
                .params(ChatMessage.INTERRUPTED, reason, Timestamp.from(at), ChatMessage.STREAMING).update();
    }

    private static ChatSession session(ResultSet rs, int row) throws SQLException {
        return new ChatSession(rs.getString("id"), rs.getString("title"), rs.getString("model"),
                rs.getString("system_prompt"), (Double) rs.getObject("temperature", Double.class),
                (Integer) rs.getObject("max_tokens", Integer.class), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private ChatMessage message(ResultSet rs, int row) throws SQLException {
        return new ChatMessage(rs.getString("id"), rs.getString("role"), rs.getString("content"),
                rs.getString("model"), rs.getString("status"), rs.getString("reason"),
                new ChatMessage.Usage(rs.getObject("prompt_tokens", Integer.class),
                        rs.getObject("completion_tokens", Integer.class)),
                new ChatMessage.Timings(rs.getObject("first_token_ms", Long.class),
                        rs.getObject("total_ms", Long.class)),
                rs.getTimestamp("created_at").toInstant(), sources.decode(rs.getString("sources")));
    }
}
