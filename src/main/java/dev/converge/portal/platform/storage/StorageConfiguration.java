package dev.converge.portal.platform.storage;

import java.net.URI;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.platform.kubernetes.ClusterMode;
import io.minio.MinioClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link MinioClient} every feature uses. It points at {@code portal.storage.endpoint}; in the sandbox with no
 * endpoint configured, at the sandbox's embedded S3 server.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    /** Fail fast on a dead host; reads and writes keep MinIO's generous defaults (large parts, server-side copies). */
    private static final long CONNECT_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(5);
    private static final long TRANSFER_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(5);

    @Bean
    StorageEndpoint storageEndpoint(PortalProperties properties, ClusterMode mode,
                                    ObjectProvider<EmbeddedObjectStorage> embedded) {
        var storage = properties.storage();
        if (isBlank(storage.endpoint())) {
            if (!mode.isSandbox()) {
                throw new IllegalStateException("portal.storage.endpoint must be set in cluster mode "
                        + "(the embedded S3 server runs only in the sandbox)");
            }
            return StorageEndpoint.embedded(embedded.getObject(), storage.region());
        }
        return StorageEndpoint.external(parseEndpoint(storage.endpoint()), require(storage), storage.secretKey(),
                storage.region());
    }

    @Bean
    MinioClient minioClient(StorageEndpoint endpoint) {
        return connect(endpoint.uri(), endpoint.accessKey(), endpoint.secretKey(), endpoint.region());
    }

    static MinioClient connect(URI endpoint, String accessKey, String secretKey, String region) {
        var client = MinioClient.builder()
                .endpoint(endpoint.toString())
                .credentials(accessKey, secretKey)
                .region(region)
                .build();
        client.setTimeout(CONNECT_TIMEOUT_MILLIS, TRANSFER_TIMEOUT_MILLIS, TRANSFER_TIMEOUT_MILLIS);
        return client;
    }

    /** The access key, after checking both keys are there; names every missing property. */
    private static String require(PortalProperties.Storage storage) {
        var missing = new ArrayList<String>();
        if (isBlank(storage.accessKey())) {
            missing.add("portal.storage.access-key");
        }
        if (isBlank(storage.secretKey())) {
            missing.add("portal.storage.secret-key");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(String.join(" and ", missing)
                    + " must be set when portal.storage.endpoint is set");
        }
        return storage.accessKey();
    }

    static URI parseEndpoint(String value) {
        try {
            var uri = URI.create(value.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the property named
        }
        throw new IllegalStateException("portal.storage.endpoint must be an http(s) URL such as "
                + "http://minio:9000, was: " + value);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
