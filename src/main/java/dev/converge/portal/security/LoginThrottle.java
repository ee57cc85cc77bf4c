package dev.converge.portal.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.converge.portal.PortalProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts failed sign-ins per typed user name and per client address and locks either after too many
 * ({@link PortalProperties.LoginThrottle}). A name is counted whether or not such a user exists, so a lock says
 * nothing about which accounts are real. Each new lock of a key lasts twice the previous one, up to the maximum.
 * The counts live in the database (table {@code login_failures}), so every replica sees every failure: guesses spread
 * over several replicas are throttled as if they hit one. Each count is updated under a row lock; the table is
 * bounded by forgetting the least recently failed keys first.
 */
@Component
public class LoginThrottle {

    private static final int MAX_NAME = 253;

    private final PortalProperties.LoginThrottle settings;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    /** New keys this replica added since it last trimmed the table. */
    private final AtomicInteger addedSinceTrim = new AtomicInteger();

    @Autowired
    public LoginThrottle(PortalProperties properties, Clock clock, JdbcClient jdbc,
                         PlatformTransactionManager transactionManager) {
        this(properties.security().loginThrottle(), clock, jdbc, transactionManager);
    }

    LoginThrottle(PortalProperties.LoginThrottle settings, Clock clock, JdbcClient jdbc,
                  PlatformTransactionManager transactionManager) {
        this.settings = settings;
        this.clock = clock;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** How much longer sign-ins of this name or from this address are refused; empty when they are not. */
    public Optional<Duration> lockedFor(String username, String address) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        long now = clock.millis();
        return jdbc.sql("SELECT locked_until FROM login_failures WHERE throttle_key IN (?, ?) AND locked_until > ?")
                .params(accountKey(username), addressKey(address), now).query(Long.class).list().stream()
                .max(Long::compare).map(lockedUntil -> Duration.ofMillis(lockedUntil - now));
    }

    public void failed(String username, String address) {
        if (!settings.enabled()) {
            return;
        }
        var now = clock.instant();
        count(accountKey(username), settings.maxFailuresPerAccount(), now);
        if (address != null) {
            count(addressKey(address), settings.maxFailuresPerAddress(), now);
        }
    }

    /** The account's own count starts again; the address keeps its count, so one good account cannot reset it. */
    public void succeeded(String username) {
        jdbc.sql("DELETE FROM login_failures WHERE throttle_key = ?").param(accountKey(username)).update();
    }

    int trackedKeys() {
        return jdbc.sql("SELECT COUNT(*) FROM login_failures").query(Integer.class).single();
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        var authentication = event.getAuthentication();
        var address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        failed(authentication.getName(), address);
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        // bearer tokens authenticate without publishing events; this is a sign-in
        succeeded(event.getAuthentication().getName());
    }

    /**
     * One more failure of a key, counted under the row's lock so that replicas failing the same key at once each
     * count. A key seen for the first time gets its row first (another replica may insert it at the same moment).
     */
    private void count(String key, int limit, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (Boolean.TRUE.equals(transactions.execute(status -> countLocked(key, limit, now)))) {
                return;
            }
            try {
                jdbc.sql("INSERT INTO login_failures (throttle_key, window_start, last_failure, locked_until, failures,"
                        + " locks) VALUES (?, NULL, ?, NULL, 0, 0)").params(key, now.toEpochMilli()).update();
                trimWhenGrown();
            }
            catch (DuplicateKeyException insertedByAnotherReplica) {
                // counted under the lock on the next attempt
            }
        }
    }

    /** False when the key has no row yet. */
    private boolean countLocked(String key, int limit, Instant now) {
        var found = jdbc.sql("SELECT window_start, last_failure, locked_until, failures, locks FROM login_failures"
                        + " WHERE throttle_key = ? FOR UPDATE")
                .param(key)
                .query((rs, row) -> new Failures(instant(rs.getObject("window_start", Long.class)),
                        instant(rs.getObject("last_failure", Long.class)),
                        instant(rs.getObject("locked_until", Long.class)), rs.getInt("failures"), rs.getInt("locks")))
                .optional();
        if (found.isEmpty()) {
            return false;
        }
        var entry = found.get();
        entry.add(now, limit);
        jdbc.sql("UPDATE login_failures SET window_start = ?, last_failure = ?, locked_until = ?, failures = ?,"
                        + " locks = ? WHERE throttle_key = ?")
                .params(millis(entry.windowStart), millis(entry.lastFailure), millis(entry.lockedUntil), entry.count,
                        entry.locks, key)
                .update();
        return true;
    }

    /**
     * Every tenth of the cap of new keys, forgets keys whose lock and window are over, then the least recently
     * failed ones down to nine tenths of the cap: the table stays within {@code maxTrackedKeys} per replica's share.
     */
    private void trimWhenGrown() {
        int step = Math.max(1, settings.maxTrackedKeys() / 10);
        if (addedSinceTrim.incrementAndGet() < step) {
            return;
        }
        addedSinceTrim.set(0);
        long now = clock.millis();
        long quietSince = now - settings.maxLock().plus(settings.window()).toMillis();
        jdbc.sql("DELETE FROM login_failures WHERE last_failure < ? AND (locked_until IS NULL OR locked_until < ?)")
                .params(quietSince, now).update();
        int excess = trackedKeys() - (settings.maxTrackedKeys() - step);
        if (excess > 0) {
            jdbc.sql("DELETE FROM login_failures WHERE throttle_key IN (SELECT throttle_key FROM login_failures"
                    + " ORDER BY last_failure, throttle_key LIMIT ?)").param(excess).update();
        }
    }

    private Duration lockLength(int earlierLocks) {
        var max = settings.maxLock().compareTo(settings.lock()) < 0 ? settings.lock() : settings.maxLock();
        var length = settings.lock();
        for (int i = 0; i < earlierLocks && length.compareTo(max) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(max) > 0 ? max : length;
    }

    /** Typed names are cut to the longest real one, so a 10 KB name costs no more than any other. */
    private static String accountKey(String username) {
        var name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return "user:" + (name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** One key's row while it is locked for an update. */
    private final class Failures {
        private Instant windowStart;
        private Instant lastFailure;
        private Instant lockedUntil;
        private int count;
        private int locks;

        Failures(Instant windowStart, Instant lastFailure, Instant lockedUntil, int count, int locks) {
            this.windowStart = windowStart;
            this.lastFailure = lastFailure;
            this.lockedUntil = lockedUntil;
            this.count = count;
            this.locks = locks;
        }

        void add(Instant now, int limit) {
            if (windowStart == null || now.isAfter(windowStart.plus(settings.window()))) {
                windowStart = now;
                count = 0;
            }
            // a key quiet for a whole maximum lock and window starts again from the shortest lock
            if (lastFailure != null && now.isAfter(lastFailure.plus(settings.maxLock()).plus(settings.window()))) {
                locks = 0;
            }
            lastFailure = now;
            count++;
            if (count >= limit) {
                lockedUntil = now.plus(lockLength(locks));
                locks++;
                count = 0;
                windowStart = null;
            }
        }
    }
}
