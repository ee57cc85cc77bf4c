package dev.converge.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad setting stops the portal at start, and the message names the property and says what is wrong. */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationValidationTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "portal.teams[0].name=Bad_Name | portal.teams[0].name | must be a DNS-1123 label",
            "portal.sandbox.port=-1        | portal.sandbox.port  | must be greater than or equal to 0",
            "portal.kubernetes.mode=maybe  | portal.kubernetes.mode | ",
            "portal.security.login-throttle.max-failures-per-account=0 | "
                    + "portal.security.loginThrottle.maxFailuresPerAccount | must be greater than or equal to 1",
            "portal.security.login-throttle.lock=0s | portal.security.loginThrottle.lock | must be longer than"})
    void invalidSettingsFailTheStartNamingTheProperty(String setting, String property, String reason,
                                                      CapturedOutput output) {
        var portal = new SpringApplication(PortalApplication.class);
        assertThatThrownBy(() -> portal.run("--spring.profiles.active=test", "--spring.main.web-application-type=none",
                "--" + setting).close()).isInstanceOf(Exception.class);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains(property);
        if (reason != null) {
            assertThat(output.getAll()).contains(reason);
        }
    }
}
