package dev.converge.portal.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.PortalProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per typed user name and per client address and locks either after too many
 * ({@link PortalProperties.LoginThrottle}). A name is counted whether or not such a user exists, so a lock says
 * nothing about which accounts are real. Each new lock of a key lasts twice the previous one, up to the maximum.
 * Memory is bounded: the least recently failed keys are forgotten first.
 */
@Component
public class LoginThrottle {

    private static final int MAX_NAME = 253;

    private final PortalProperties.LoginThrottle settings;
    private final Clock clock;
    private final Map<String, Failures> failures;

    @Autowired
    public LoginThrottle(PortalProperties properties, Clock clock) {
        this(properties.security().loginThrottle(), clock);
    }

    LoginThrottle(PortalProperties.LoginThrottle settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        int cap = settings.maxTrackedKeys();
        this.failures = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > cap;
            }
        };
    }

    /** How much longer sign-ins of this name or from this address are refused; empty when they are not. */
    public synchronized Optional<Duration> lockedFor(String username, String address) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        var now = clock.instant();
        var longest = Duration.ZERO;
        for (var key : new String[] {accountKey(username), addressKey(address)}) {
            var entry = failures.get(key);
            if (entry != null && entry.lockedUntil != null && now.isBefore(entry.lockedUntil)) {
                var left = Duration.between(now, entry.lockedUntil);
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    public synchronized void failed(String username, String address) {
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
    public synchronized void succeeded(String username) {
        failures.remove(accountKey(username));
    }

    synchronized int trackedKeys() {
        return failures.size();
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

    private void count(String key, int limit, Instant now) {
        var entry = failures.computeIfAbsent(key, ignored -> new Failures());
        if (entry.windowStart == null || now.isAfter(entry.windowStart.plus(settings.window()))) {
            entry.windowStart = now;
            entry.count = 0;
        }
        // a key quiet for a whole maximum lock and window starts again from the shortest lock
        if (entry.lastFailure != null && now.isAfter(entry.lastFailure.plus(settings.maxLock()).plus(settings.window()))) {
            entry.locks = 0;
        }
        entry.lastFailure = now;
        entry.count++;
        if (entry.count >= limit) {
            entry.lockedUntil = now.plus(lockLength(entry.locks));
            entry.locks++;
            entry.count = 0;
            entry.windowStart = null;
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

    /** Typed names are cut to the longest real one, so a 10 KB name costs no more memory than any other. */
    private static String accountKey(String username) {
        var name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return "user:" + (name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static final class Failures {
        private Instant windowStart;
        private Instant lastFailure;
        private Instant lockedUntil;
        private int count;
        private int locks;
    }
}
