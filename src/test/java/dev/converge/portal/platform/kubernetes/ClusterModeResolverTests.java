package dev.converge.portal.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.converge.portal.sandbox.kubernetes.PodLogSource;
import dev.converge.portal.sandbox.kubernetes.PodMetricsSource;
import dev.converge.portal.sandbox.kubernetes.SandboxApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

class ClusterModeResolverTests {

    @TempDir
    Path directory;

    @Test
    void noKubeconfigMeansSandbox() {
        assertThat(ClusterModeResolver.resolveAuto(false, Optional.empty(), null)).isEqualTo(ClusterMode.SANDBOX);
    }

    @Test
    void inClusterServiceAccountMeansCluster() {
        assertThat(ClusterModeResolver.resolveAuto(true, Optional.empty(), null)).isEqualTo(ClusterMode.CLUSTER);
    }

    @Test
    void kubeconfigWhoseServerDoesNotAnswerFallsBackToSandbox() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var kubeconfig = kubeconfig("http://127.0.0.1:" + closedPort);

        assertThat(ClusterModeResolver.probe(kubeconfig, null)).isPresent();
        assertThat(ClusterModeResolver.resolveAuto(false, Optional.of(kubeconfig), null))
                .isEqualTo(ClusterMode.SANDBOX);
    }

    @Test
    void kubeconfigWhoseServerAnswersMeansCluster() throws IOException {
        try (var server = new SandboxApiServer(Mockito.mock(PodLogSource.class),
                Mockito.mock(PodMetricsSource.class))) {
            server.start(0);
            var kubeconfig = kubeconfig(server.url());

            assertThat(ClusterModeResolver.resolveAuto(false, Optional.of(kubeconfig), "sandbox"))
                    .isEqualTo(ClusterMode.CLUSTER);
        }
    }

    private Path kubeconfig(String server) throws IOException {
        return Files.writeString(directory.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sandbox
                  cluster: {server: "%s"}
                contexts:
                - name: sandbox
                  context: {cluster: sandbox, user: sandbox}
                current-context: sandbox
                users:
                - name: sandbox
                  user: {token: dummy}
                """.formatted(server));
    }
}
