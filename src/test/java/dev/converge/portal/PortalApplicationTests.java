package dev.converge.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class PortalApplicationTests {

    @Autowired
    PortalProperties properties;

    @Test
    void startsWithEmbeddedDefaults() {
        assertThat(properties.sandbox().zones()).containsExactly("zone-a", "zone-b", "zone-c");
        assertThat(properties.teams()).extracting(PortalProperties.Team::namespaceOrName)
                .containsExactly("vision", "language");
    }
}
