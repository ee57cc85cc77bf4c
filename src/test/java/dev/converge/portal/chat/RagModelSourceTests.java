package dev.converge.portal.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;

import dev.converge.portal.platform.openai.ServiceEndpoints;
import dev.converge.portal.rag.RagModelNotFound;
import dev.converge.portal.rag.RagModelViews;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.security.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RagModelSourceTests {

    private final CurrentUser dev = new CurrentUser("dev", EnumSet.of(Role.DEVELOPER), new TreeSet<>(List.of("vision")),
            new TreeSet<>(List.of("vision")));
    private final RagModelViews rags = mock(RagModelViews.class);
    private final KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl("http://127.0.0.1:6443/").withOauthToken("cluster-token").build()).build();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void ragModelsAreChatModelsOfKindRagWithTheirStatus() {
        when(rags.chattable(dev)).thenReturn(List.of(
                new RagModelViews.Chattable("vision", "docs", true, null, "rag-docs", 8080),
                new RagModelViews.Chattable("vision", "wiki", false, "Indexing: Answers once the documents are "
                        + "indexed", "rag-wiki", 8080)));
        assertThat(source(ServiceEndpoints.Access.DIRECT).models(dev)).containsExactly(
                new ChatModel("rag:vision/docs", "docs", "rag", "vision", true, null),
                new ChatModel("rag:vision/wiki", "wiki", "rag", "vision", false,
                        "Indexing: Answers once the documents are indexed"));
    }

    @Test
    void aReadyModelIsReachedOnItsRuntimeServiceDirectlyOrThroughTheProxy() {
        when(rags.chattable("vision", "docs", dev))
                .thenReturn(new RagModelViews.Chattable("vision", "docs", true, null, "rag-docs", 8080));
        var direct = source(ServiceEndpoints.Access.DIRECT).resolve("rag:vision/docs", dev);
        assertThat(direct.endpoint().baseUrl()).hasToString("http://rag-docs.vision.svc:8080/v1");
        assertThat(direct.upstreamModel().get()).isEqualTo("docs");
        assertThat(direct.model().kind()).isEqualTo(ChatModel.RAG);
        var proxied = source(ServiceEndpoints.Access.API_PROXY).resolve("rag:vision/docs", dev);
        assertThat(proxied.endpoint().baseUrl()).hasToString(
                "http://127.0.0.1:6443/api/v1/namespaces/vision/services/rag-docs:8080/proxy/v1");
    }

    @Test
    void anotherTeamsNamespaceIsRefusedBeforeAnyLookUpAndMalformedIdsAreNotFound() {
        var source = source(ServiceEndpoints.Access.DIRECT);
        assertThatThrownBy(() -> source.resolve("rag:language/docs", dev)).isInstanceOf(ChatModelNotAllowed.class);
        for (var id : List.of("rag:", "rag:vision", "rag:vision/", "rag:/docs", "rag:vision/a/b", "rag:../x/y")) {
            assertThatThrownBy(() -> source.resolve(id, dev)).as(id)
                    .isInstanceOfAny(ChatModelNotFound.class, ChatModelNotAllowed.class);
        }
        when(rags.chattable(any(), any(), any())).thenThrow(RagModelNotFound.named("vision", "none"));
        assertThatThrownBy(() -> source.resolve("rag:vision/none", dev)).isInstanceOf(ChatModelNotFound.class);
    }

    @Test
    void aModelThatDoesNotAnswerYetIsAConflictWithWhy() {
        when(rags.chattable("vision", "wiki", dev)).thenReturn(
                new RagModelViews.Chattable("vision", "wiki", false, "Pending: 0 of 1 runtime pods ready", "rag-wiki",
                        8080));
        assertThatThrownBy(() -> source(ServiceEndpoints.Access.DIRECT).resolve("rag:vision/wiki", dev))
                .isInstanceOf(ChatModelNotReady.class);
    }

    private RagModelSource source(ServiceEndpoints.Access access) {
        return new RagModelSource(rags, new ServiceEndpoints(client, access));
    }
}
