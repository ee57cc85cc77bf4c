package dev.converge.portal.rag.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The settings as the RAG manager's Deployment passes them: environment variables. */
class RagRuntimeConfigurationTests {

    private static final Map<String, Object> REQUIRED = Map.of(
            "PORTAL_RAGRUNTIME_NAMESPACE", "vision",
            "PORTAL_RAGRUNTIME_NAME", "handbook",
            "PORTAL_RAGRUNTIME_DOCUMENTS_ENDPOINT", "http://minio:9000",
            "PORTAL_RAGRUNTIME_DOCUMENTS_ACCESSKEY", "access",
            "PORTAL_RAGRUNTIME_DOCUMENTS_SECRETKEY", "secret");

    private static RagRuntimeProperties bind(Map<String, Object> extra) {
        var variables = new HashMap<>(REQUIRED);
        variables.putAll(extra);
        var environment = new StandardEnvironment();
        // named like the real one: only then does Spring map PORTAL_RAGRUNTIME_X to portal.rag-runtime.x
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return new RagRuntimeConfiguration().ragRuntimeProperties(environment);
    }

    @Test
    void bindsFromTheEnvironmentWithTheCrdDefaults() {
        var properties = bind(Map.of());
        assertThat(properties.prefix()).isEqualTo("vision/handbook/");
        assertThat(properties.documents().bucket()).isEqualTo("rag-documents");
        assertThat(properties.embedding().builtIn()).isTrue();
        assertThat(properties.retrieval().settings()).isEqualTo(RetrievalSettings.DEFAULTS);
        assertThat(RagRuntimes.baseModel(properties)).isNull();
        assertThat(RagRuntimes.embedder(properties)).isInstanceOf(BuiltInEmbedder.class);
    }

    @Test
    void bindsEveryOptionalSetting() {
        var properties = bind(Map.of(
                "PORTAL_RAGRUNTIME_DOCUMENTS_PREFIX", "shared/manuals/",
                "PORTAL_RAGRUNTIME_EMBEDDING_URL", "http://embedder:8000",
                "PORTAL_RAGRUNTIME_EMBEDDING_MODEL", "bge-small",
                "PORTAL_RAGRUNTIME_BASEMODEL_URL", "http://llm.vision.svc:8080/v1",
                "PORTAL_RAGRUNTIME_BASEMODEL_MODEL", "llama",
                "PORTAL_RAGRUNTIME_RETRIEVAL_TOPK", "8",
                "PORTAL_RAGRUNTIME_RETRIEVAL_CHUNKSIZE", "500",
                "PORTAL_RAGRUNTIME_RETRIEVAL_CHUNKOVERLAP", "50",
                "PORTAL_RAGRUNTIME_RETRIEVAL_SCORETHRESHOLD", "0.25"));
        assertThat(properties.prefix()).isEqualTo("shared/manuals/");
        assertThat(properties.retrieval().settings()).isEqualTo(new RetrievalSettings(8, 500, 50, 0.25));
        assertThat(RagRuntimes.embedder(properties).id()).isEqualTo("endpoint:http://embedder:8000/v1#bge-small");
        var base = RagRuntimes.baseModel(properties);
        assertThat(base.model()).isEqualTo("llama");
        assertThat(base.endpoint().baseUrl()).hasToString("http://llm.vision.svc:8080/v1");
    }

    @Test
    void invalidSettingsStopTheStartNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("PORTAL_RAGRUNTIME_RETRIEVAL_TOPK", "0")))
                .hasMessageContaining("portal.rag-runtime.retrieval.topK");
        assertThatThrownBy(() -> bind(Map.of("PORTAL_RAGRUNTIME_NAME", "Not_A_Name")))
                .hasMessageContaining("portal.rag-runtime.name");
        assertThatThrownBy(() -> bind(Map.of("PORTAL_RAGRUNTIME_DOCUMENTS_SECRETKEY", "")))
                .hasMessageContaining("portal.rag-runtime.documents.secretKey");
        assertThatThrownBy(() -> RagRuntimes.embedder(bind(Map.of("PORTAL_RAGRUNTIME_EMBEDDING_MODEL", "bert"))))
                .hasMessageContaining("all-minilm-l6-v2");
        assertThatThrownBy(() -> RagRuntimes.baseModel(bind(Map.of("PORTAL_RAGRUNTIME_BASEMODEL_URL", "http://x"))))
                .hasMessageContaining("base-model.model");
    }
}
