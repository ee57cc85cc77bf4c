package dev.converge.portal.security;

import dev.converge.portal.platform.kubernetes.TeamDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterModeResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@ExtendWith(OutputCaptureExtension.class)
class ConfiguredUsersTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(UsersOnly.class)
            .withPropertyValues("portal.security.users[0].username=ops", "portal.security.users[0].roles=ADMIN");

    @Test
    void aNoopPasswordStopsAClusterStartNamingTheProperty() {
        runner.withPropertyValues("portal.kubernetes.mode=cluster", "portal.security.users[0].password={noop}secret")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("portal.security.users[0].password")
                            .hasMessageContaining("{noop}");
                });
    }

    @Test
    void aBcryptPasswordStartsAClusterAndSignsIn() {
        var hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("secret");
        runner.withPropertyValues("portal.kubernetes.mode=cluster", "portal.security.users[0].password=" + hash)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    var user = context.getBean(ConfiguredUsers.class).loadUserByUsername("ops");
                    assertThat(context.getBean(PasswordEncoder.class).matches("secret", user.getPassword())).isTrue();
                });
    }

    @Test
    void aNoopPasswordIsAcceptedInTheSandbox() {
        runner.withPropertyValues("portal.kubernetes.mode=sandbox", "portal.security.users[0].password={noop}secret")
                .run(context -> assertThat(context.getBean(ConfiguredUsers.class).find("ops")).isPresent());
    }

    @Test
    void withoutUsersTheAdminPasswordGoesToAnOwnerOnlyFileNotTheLog(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        new ApplicationContextRunner().withUserConfiguration(UsersOnly.class)
                .withPropertyValues("portal.kubernetes.mode=sandbox", "portal.data-dir=" + dataDir)
                .run(context -> {
                    var file = dataDir.resolve(ConfiguredUsers.INITIAL_PASSWORD_FILE);
                    var password = Files.readString(file).strip();
                    var admin = context.getBean(ConfiguredUsers.class).loadUserByUsername("admin");

                    assertThat(context.getBean(PasswordEncoder.class).matches(password, admin.getPassword())).isTrue();
                    assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                    assertThat(output.getOut()).contains(file.toString()).doesNotContain(password);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PortalProperties.class)
    @Import({ClusterModeResolver.class, TeamDirectory.class, ConfiguredUsers.class})
    static class UsersOnly {

        @Bean
        PasswordEncoder passwordEncoder() {
            return PasswordEncoderFactories.createDelegatingPasswordEncoder();
        }
    }
}
