package dev.converge.portal.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** Every navigation page, the profile and the admin-only pages, for every role and for anonymous visitors. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RolePageMatrixTests {

    static final List<String> EVERY_ROLE_PAGES = List.of("/", "/ai-converge/builds", "/deployments", "/rag/models",
            "/chat", "/mlflow/experiments", "/cost/estimate", "/trust", "/architecture", "/profile");
    static final List<String> ADMIN_PAGES = List.of("/audit", "/actuator/prometheus");
    /** One configured user per role (see application-test.properties). */
    static final List<String> USERS = List.of("viewer", "dev", "lead", "admin");

    @Autowired
    MockMvc mvc;

    @Autowired
    ConfiguredUsers users;

    static Stream<Arguments> everyRolePage() {
        return USERS.stream().flatMap(user -> EVERY_ROLE_PAGES.stream().map(page -> Arguments.of(user, page)));
    }

    static Stream<Arguments> adminPage() {
        return USERS.stream().flatMap(user -> ADMIN_PAGES.stream().map(page -> Arguments.of(user, page)));
    }

    static Stream<String> everyPage() {
        return Stream.concat(EVERY_ROLE_PAGES.stream(), ADMIN_PAGES.stream());
    }

    @ParameterizedTest(name = "{0} opens {1}")
    @MethodSource("everyRolePage")
    void everySignedInRoleOpensTheNavigationPages(String username, String page) throws Exception {
        mvc.perform(get(page).accept(MediaType.TEXT_HTML).with(user(users.loadUserByUsername(username))))
                .andExpect(status().isOk());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("adminPage")
    void onlyAdminsOpenAdminPages(String username, String page) throws Exception {
        var expected = username.equals("admin") ? status().isOk() : status().isForbidden();
        mvc.perform(get(page).accept(MediaType.TEXT_HTML, MediaType.TEXT_PLAIN)
                        .with(user(users.loadUserByUsername(username))))
                .andExpect(expected);
    }

    @ParameterizedTest(name = "anonymous on {0}")
    @MethodSource("everyPage")
    void anonymousVisitorsAreSentToSignIn(String page) throws Exception {
        mvc.perform(get(page).accept(MediaType.TEXT_HTML))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
    }
}
