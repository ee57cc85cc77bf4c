package dev.converge.portal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens for API clients. A token is {@code cvp_} plus 32 random bytes (base64url); only its SHA-256
 * is stored, so a leaked database does not leak usable tokens. The plaintext is returned once, by {@link #create}.
 */
@Service
public class ApiTokens {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_EXPIRY_DAYS = 365;

    static final String TOKEN_PREFIX = "cvp_";
    private static final int RANDOM_BYTES = 32;
    /** Enough characters to tell tokens apart on the profile page; far too few to guess the rest. */
    private static final int DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length() + 8;
    private static final int MAX_TOKEN_LENGTH = 100;
    /** Bearer requests would otherwise write to the database on every call. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final ConfiguredUsers users;
    private final SsoAccounts ssoAccounts;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(JdbcClient jdbc, Clock clock, AuditLog audit, ConfiguredUsers users, SsoAccounts ssoAccounts) {
        this.ssoAccounts = ssoAccounts;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.users = users;
    }

    /** Creates a token for {@code owner}; {@code expiresInDays} null means it never expires. */
    @Transactional
    public IssuedToken create(CurrentUser owner, String name, Integer expiresInDays) {
        var trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("token name must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_EXPIRY_DAYS)) {
            throw new IllegalArgumentException("token expiry must be 1 to " + MAX_EXPIRY_DAYS + " days");
        }
        var plaintext = newTokenValue();
        var prefix = plaintext.substring(0, DISPLAY_PREFIX_LENGTH);
        var now = now();
        var expiresAt = expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays));
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO api_tokens (username, name, token_hash, token_prefix, created_at, expires_at)
                VALUES (:username, :name, :hash, :prefix, :createdAt, :expiresAt)""")
                .param("username", owner.username())
                .param("name", trimmed)
                .param("hash", sha256(plaintext))
                .param("prefix", prefix)
                .param("createdAt", Timestamp.from(now))
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        audit.record(owner.username(), "token.create", target(owner.username(), id), AuditOutcome.SUCCESS,
                "name=" + trimmed + ", prefix=" + prefix + (expiresAt == null ? "" : ", expires=" + expiresAt));
        var token = new ApiToken(id, owner.username(), trimmed, prefix, now, null, expiresAt, null,
                ApiToken.Status.ACTIVE);
        return new IssuedToken(token, plaintext);
    }

    /** The user's tokens, newest first, revoked and expired ones included so the owner sees what happened. */
    public List<ApiToken> list(CurrentUser owner) {
        var now = now();
        return jdbc.sql("SELECT * FROM api_tokens WHERE username = :username ORDER BY created_at DESC, id DESC")
                .param("username", owner.username())
                .query((rs, row) -> map(rs, now))
                .list();
    }

    /**
     * Revokes one of the user's own tokens; admins may revoke anyone's. Revoking twice changes nothing. A refused
     * attempt is audited too, and that record must survive the exception.
     */
    @Transactional(noRollbackFor = ApiTokenNotFound.class)
    public ApiToken revoke(CurrentUser actor, long id) {
        var token = find(id).filter(found -> found.username().equals(actor.username()) || actor.isAdmin());
        if (token.isEmpty()) {
            audit.record(actor.username(), "token.revoke", "token/" + id, AuditOutcome.DENIED,
                    "no such token of this user");
            throw ApiTokenNotFound.withId(id);
        }
        if (token.get().revokedAt() == null) {
            jdbc.sql("UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .param("now", Timestamp.from(now()))
                    .param("id", id)
                    .update();
            audit.record(actor.username(), "token.revoke", target(token.get().username(), id), AuditOutcome.SUCCESS,
                    "name=" + token.get().name() + ", prefix=" + token.get().prefix());
        }
        return find(id).orElseThrow();
    }

    /**
     * The account a bearer token stands for: present when the token exists, is neither revoked nor expired, and its
     * owner is still configured. The account comes without its password.
     */
    public Optional<PortalUser> authenticate(String plaintext) {
        if (plaintext == null || !plaintext.startsWith(TOKEN_PREFIX) || plaintext.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        var now = now();
        var token = jdbc.sql("SELECT * FROM api_tokens WHERE token_hash = :hash")
                .param("hash", sha256(plaintext))
                .query((rs, row) -> map(rs, now))
                .optional()
                .filter(found -> found.status() == ApiToken.Status.ACTIVE);
        token.ifPresent(used -> touch(used, now));
        // A single sign-on user's token acts with the roles and teams of their last sign-in (see SsoAccounts).
        return token.flatMap(used -> users.find(used.username()).or(() -> ssoAccounts.find(used.username())))
                .map(PortalUser::withoutPassword);
    }

    private void touch(ApiToken token, Instant now) {
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
            jdbc.sql("UPDATE api_tokens SET last_used_at = :now WHERE id = :id")
                    .param("now", Timestamp.from(now))
                    .param("id", token.id())
                    .update();
        }
    }

    private Optional<ApiToken> find(long id) {
        var now = now();
        return jdbc.sql("SELECT * FROM api_tokens WHERE id = :id").param("id", id)
                .query((rs, row) -> map(rs, now)).optional();
    }

    private static ApiToken map(ResultSet rs, Instant now) throws SQLException {
        var expiresAt = instant(rs, "expires_at");
        var revokedAt = instant(rs, "revoked_at");
        var status = revokedAt != null ? ApiToken.Status.REVOKED
                : expiresAt != null && !now.isBefore(expiresAt) ? ApiToken.Status.EXPIRED
                : ApiToken.Status.ACTIVE;
        return new ApiToken(rs.getLong("id"), rs.getString("username"), rs.getString("name"),
                rs.getString("token_prefix"), instant(rs, "created_at"), instant(rs, "last_used_at"), expiresAt,
                revokedAt, status);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Microseconds: what H2 and PostgreSQL keep, so a returned token equals the stored one. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String newTokenValue() {
        var bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String target(String username, long id) {
        return "token/" + username + "/" + id;
    }

    static String sha256(String plaintext) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
