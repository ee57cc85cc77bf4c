package dev.converge.portal.rag;

/**
 * The one place naming what the portal and the RAG runtime ({@code --portal.role=rag-runtime}, package
 * {@code rag.runtime}) agree on: the runtime's environment variables and HTTP paths. The reconciler writes these
 * variables into the runtime's pod; the runtime reads them.
 */
public final class RuntimeContract {

    public static final String ROLE_ARG = "--portal.role=rag-runtime";

    // Which RagModel the runtime serves
    public static final String ENV_NAMESPACE = "RAG_NAMESPACE";
    public static final String ENV_NAME = "RAG_NAME";
    public static final String ENV_PORT = "SERVER_PORT";
    // Base model
    public static final String ENV_BASE_URL = "RAG_BASE_MODEL_URL";
    public static final String ENV_BASE_MODEL = "RAG_BASE_MODEL";
    public static final String ENV_BASE_API_KEY = "RAG_BASE_MODEL_API_KEY";
    // Embedding
    public static final String ENV_EMBEDDING_MODEL = "RAG_EMBEDDING_MODEL";
    public static final String ENV_EMBEDDING_URL = "RAG_EMBEDDING_URL";
    public static final String ENV_EMBEDDING_API_KEY = "RAG_EMBEDDING_API_KEY";
    // Documents
    public static final String ENV_BUCKET = "RAG_DOCUMENTS_BUCKET";
    public static final String ENV_PREFIX = "RAG_DOCUMENTS_PREFIX";
    public static final String ENV_S3_ENDPOINT = "RAG_S3_ENDPOINT";
    public static final String ENV_S3_ACCESS_KEY = "RAG_S3_ACCESS_KEY";
    public static final String ENV_S3_SECRET_KEY = "RAG_S3_SECRET_KEY";
    // Retrieval
    public static final String ENV_TOP_K = "RAG_TOP_K";
    public static final String ENV_CHUNK_SIZE = "RAG_CHUNK_SIZE";
    public static final String ENV_CHUNK_OVERLAP = "RAG_CHUNK_OVERLAP";
    public static final String ENV_SCORE_THRESHOLD = "RAG_SCORE_THRESHOLD";

    /** Keys of the storage Secret ({@code portal.rag.storage-secret}) and of an endpoint's {@code secretRef}. */
    public static final String SECRET_ENDPOINT = "endpoint";
    public static final String SECRET_ACCESS_KEY = "accessKey";
    public static final String SECRET_SECRET_KEY = "secretKey";
    public static final String SECRET_API_KEY = "apiKey";

    public static final String PATH_READINESS = "/readiness";
    public static final String PATH_HEALTH = "/health";
    public static final String PATH_RETRIEVE = "/v1/retrieve";
    public static final String PATH_DOCUMENTS = "/v1/documents";
    public static final String PATH_REINDEX = "/v1/reindex";

    private RuntimeContract() {
    }
}
