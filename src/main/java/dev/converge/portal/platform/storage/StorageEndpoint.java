package dev.converge.portal.platform.storage;

import java.net.URI;
import java.util.Optional;

/**
 * Where object storage is and how to sign in: the configured endpoint, or the embedded sandbox server this object
 * owns and stops on close. {@link #toString()} never shows the keys.
 */
public final class StorageEndpoint implements AutoCloseable {

    private final URI uri;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final EmbeddedObjectStorage embeddedServer;

    private StorageEndpoint(URI uri, String accessKey, String secretKey, String region, EmbeddedObjectStorage server) {
        this.uri = uri;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        this.embeddedServer = server;
    }

    static StorageEndpoint external(URI uri, String accessKey, String secretKey, String region) {
        return new StorageEndpoint(uri, accessKey, secretKey, region, null);
    }

    public static StorageEndpoint embedded(EmbeddedObjectStorage server, String region) {
        return new StorageEndpoint(server.endpoint(), server.accessKey(), server.secretKey(), region, server);
    }

    public URI uri() {
        return uri;
    }

    public String region() {
        return region;
    }

    /** The sandbox's embedded server, when this endpoint is one (tests stop and restart it). */
    public Optional<EmbeddedObjectStorage> embeddedServer() {
        return Optional.ofNullable(embeddedServer);
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        if (embeddedServer != null) {
            embeddedServer.stop();
        }
    }

    @Override
    public String toString() {
        return "StorageEndpoint[" + uri + ", region " + region + (embeddedServer != null ? ", embedded]" : "]");
    }
}
