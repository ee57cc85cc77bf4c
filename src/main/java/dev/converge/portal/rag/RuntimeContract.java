package dev.converge.portal.rag;

/**
 * The one place naming what the portal and the RAG runtime ({@code --portal.role=rag-runtime}, package
 * {@code rag.runtime}) agree on: the runtime's environment variables and HTTP paths. The reconciler writes these
 * variables into the runtime's pod; the runtime reads them (they are the environment form of its
 * {@code portal.rag-runtime.*} properties, relaxed binding).
 */
public final class RuntimeContract {

    public static final String ROLE_ARG = "--portal.role=rag-runtime";

    // Which RagModel the runtime serves
    public static final String ENV_NAMESPACE = "PORTAL_RAGRUNTIME_NAMESPACE";
    public static final String ENV_NAME = "PORTAL_RAGRUNTIME_NAME";
    public static final String ENV_PORT = "SERVER_PORT";
    // Base model
    public static final String ENV_BASE_URL = "PORTAL_RAGRUNTIME_BASEMODEL_URL";
    public static final String ENV_BASE_MODEL = "PORTAL_RAGRUNTIME_BASEMODEL_MODEL";
    public static final String ENV_BASE_API_KEY = "PORTAL_RAGRUNTIME_BASEMODEL_APIKEY";
    // Embedding
    public static final String ENV_EMBEDDING_MODEL = "PORTAL_RAGRUNTIME_EMBEDDING_MODEL";
    public static final String ENV_EMBEDDING_URL = "PORTAL_RAGRUNTIME_EMBEDDING_URL";
    public static final String ENV_EMBEDDING_API_KEY = "PORTAL_RAGRUNTIME_EMBEDDING_APIKEY";
    // Documents
    public static final String ENV_BUCKET = "PORTAL_RAGRUNTIME_DOCUMENTS_BUCKET";
    public static final String ENV_PREFIX = "PORTAL_RAGRUNTIME_DOCUMENTS_PREFIX";
    public static final String ENV_S3_ENDPOINT = "PORTAL_RAGRUNTIME_DOCUMENTS_ENDPOINT";
    public static final String ENV_S3_ACCESS_KEY = "PORTAL_RAGRUNTIME_DOCUMENTS_ACCESSKEY";
    public static final String ENV_S3_SECRET_KEY = "PORTAL_RAGRUNTIME_DOCUMENTS_SECRETKEY";
    // Retrieval
    public static final String ENV_TOP_K = "PORTAL_RAGRUNTIME_RETRIEVAL_TOPK";
    public static final String ENV_CHUNK_SIZE = "PORTAL_RAGRUNTIME_RETRIEVAL_CHUNKSIZE";
    public static final String ENV_CHUNK_OVERLAP = "PORTAL_RAGRUNTIME_RETRIEVAL_CHUNKOVERLAP";
    public static final String ENV_SCORE_THRESHOLD = "PORTAL_RAGRUNTIME_RETRIEVAL_SCORETHRESHOLD";

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
