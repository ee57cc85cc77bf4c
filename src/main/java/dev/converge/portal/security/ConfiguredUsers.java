package dev.converge.portal.security;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.shared.SecretFiles;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The accounts of {@code portal.security.users}. With none configured, an {@code admin} with every team and a random
 * password is created; the password goes to {@code <data-dir>/initial-admin-password} (owner-only), never to the log
 * or a page.
 */
@Service
public class ConfiguredUsers implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredUsers.class);

    /** Under {@code portal.data-dir}: where the generated admin password is written. */
    public static final String INITIAL_PASSWORD_FILE = "initial-admin-password";

    private final Map<String, PortalUser> users = new LinkedHashMap<>();

    public ConfiguredUsers(PortalProperties properties, TeamDirectory teams, ClusterMode mode,
                           PasswordEncoder encoder) {
        var configured = properties.security().users();
        for (int i = 0; i < configured.size(); i++) {
            var user = configured.get(i);
            checkPassword(user.password(), "portal.security.users[" + i + "].password", mode);
            if (users.putIfAbsent(user.username(), new PortalUser(user.username(), user.password(),
                    EnumSet.copyOf(user.roles()), Set.copyOf(user.teams()))) != null) {
                throw new IllegalStateException("portal.security.users[" + i + "].username: '" + user.username()
                        + "' is configured twice");
            }
        }
        if (users.isEmpty()) {
            var password = randomPassword();
            users.put("admin", new PortalUser("admin", encoder.encode(password), EnumSet.of(Role.ADMIN),
                    teams.teams()));
            var file = SecretFiles.writeOwnerOnly(properties.dataDir().resolve(INITIAL_PASSWORD_FILE), password + "\n");
            log.warn("No portal.security.users configured: created user 'admin'; its password is in {} "
                    + "(readable by this user only; configure users to replace it)", file);
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return find(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    public Optional<PortalUser> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    private static void checkPassword(String password, String property, ClusterMode mode) {
        if (password.startsWith("{noop}") && !mode.isSandbox()) {
            throw new IllegalStateException(property + ": {noop} passwords are accepted in sandbox mode only; "
                    + "use a {bcrypt} hash");
        }
        if (!password.startsWith("{bcrypt}") && !password.startsWith("{noop}")) {
            throw new IllegalStateException(property + ": must start with {bcrypt} (or {noop} in sandbox mode)");
        }
    }

    private static String randomPassword() {
        var bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
