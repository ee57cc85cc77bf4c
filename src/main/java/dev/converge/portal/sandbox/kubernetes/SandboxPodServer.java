package dev.converge.portal.sandbox.kubernetes;

/**
 * What answers in place of a simulated pod's container when a request reaches it through the sandbox API server's
 * service proxy ({@code /api/v1/namespaces/{ns}/services/{name}[:{port}]/proxy/{path}}). Nothing runs in a sandbox
 * pod, so a pod "serves" only when a {@code SandboxPodServer} claims it: the sandbox model servers claim the pods of
 * {@code openai} deployments; a RAG runtime can claim the pods of its RagModels the same way. Implementations are
 * Spring beans (any number; asked in {@code @Order}); the first whose {@link #serves} is true gets the request.
 * A Ready pod no server claims answers 503 "connection refused", like a container that listens on no port.
 * <p>
 * {@link #serve} is called on the API server's event loop: it must not block. Answer at once, or schedule the work
 * and write to the {@link ProxiedResponse} from any thread later; register {@link ProxiedResponse#onCancel} to stop
 * work when the client goes away.
 */
public interface SandboxPodServer {

    /** Whether this server answers for the pod (decided from its labels, its workload's annotations, its env). */
    boolean serves(ProxiedPod pod);

    /** Answers one request for the pod; the body has been read in full. */
    void serve(ProxiedPod pod, ProxiedRequest request, ProxiedResponse response);
}
