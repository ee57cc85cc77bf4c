package dev.converge.portal.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.util.EnumSet;
import java.util.TreeSet;

import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The test users of {@code application-test.properties}, as requests and as {@link CurrentUser}s. */
public final class SecurityMother {

    private SecurityMother() {
    }

    /** A request signed in as a configured user, with the same principal a form sign-in produces. */
    public static RequestPostProcessor signedInAs(ConfiguredUsers users, String username) {
        return user(users.find(username).orElseThrow().withoutPassword());
    }

    public static CurrentUser current(ConfiguredUsers users, String username) {
        var user = users.find(username).orElseThrow();
        return new CurrentUser(user.username(), EnumSet.copyOf(user.roles()), new TreeSet<>(user.teams()),
                new TreeSet<>(user.teams()));
    }

    /**
     * The session cookie a response set. Sessions live in the database (Spring Session), so a test keeps a browser's
     * session by sending this cookie back, as a browser does; a {@code MockHttpSession} would be ignored.
     */
    public static jakarta.servlet.http.Cookie sessionCookie(org.springframework.test.web.servlet.MvcResult result) {
        var cookie = result.getResponse().getCookie(SESSION_COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            throw new AssertionError("the response set no session cookie");
        }
        return cookie;
    }

    public static final String SESSION_COOKIE = "JSESSIONID";
}
