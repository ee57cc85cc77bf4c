package dev.converge.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.converge.portal.rag.runtime.RagRuntimeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class PortalApplicationTests {

    @Autowired
    PortalProperties properties;

    @Autowired
    ApplicationContext context;

    @Test
    void startsWithEmbeddedDefaults() {
        assertThat(properties.sandbox().zones()).containsExactly("zone-a", "zone-b", "zone-c");
        assertThat(properties.teams()).extracting(PortalProperties.Team::namespaceOrName)
                .containsExactly("vision", "language");
    }

    /** The RAG runtime role's beans (same jar, {@code --portal.role=rag-runtime}) never start inside the portal. */
    @Test
    void startsNoRagRuntimeBeans() {
        assertThat(context.getBeanDefinitionNames()).allSatisfy(name -> {
            var type = context.getType(name);
            assertThat(type == null ? "" : type.getName()).as(name).doesNotStartWith("dev.converge.portal.rag.runtime");
        });
        assertThat(RagRuntimeApplication.isRequested(new String[0], Map.of())).isFalse();
        assertThat(RagRuntimeApplication.isRequested(new String[] {"--portal.role=rag-runtime"}, Map.of())).isTrue();
        assertThat(RagRuntimeApplication.isRequested(new String[0], Map.of("PORTAL_ROLE", "rag-runtime"))).isTrue();
    }
}
