package dev.converge.portal.platform.storage;

import dev.converge.portal.sandbox.storage.EmbeddedS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

import dev.converge.portal.PortalProperties;
import io.minio.MinioClient;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Builds the storage package's objects around an embedded S3 server, without a Spring context; also used by the
 * features that store objects (artifacts) for their own storage tests.
 */
public final class StorageTestSupport {

    public static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private StorageTestSupport() {
    }

    /** {@link PortalProperties} with its defaults, as Spring would bind them, plus the given settings. */
    public static PortalProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("portal", PortalProperties.class);
    }

    public static StorageEndpoint endpoint(EmbeddedS3Server server) {
        return StorageEndpoint.embedded(server, "us-east-1");
    }

    public static MinioClient client(EmbeddedS3Server server) {
        return new StorageConfiguration().minioClient(endpoint(server));
    }

    public static ArtifactStore store(MinioClient client) {
        return new ArtifactStore(client, properties(Map.of()), CLOCK);
    }

    public static String sha256(InputStream in) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        var buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A reproducible stream of pseudo-random bytes that is never held in memory, like a large model file. */
    public static InputStream generated(long size, long seed) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long remaining = size;

            @Override
            public int read() {
                if (remaining == 0) {
                    return -1;
                }
                remaining--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (remaining == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, remaining);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) random.nextInt(256);
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** A stream that breaks after {@code goodBytes}, like a browser that cancels an upload. */
    public static InputStream failingAfter(long goodBytes) {
        var good = generated(goodBytes, 7);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = good.read();
                if (b < 0) {
                    throw new IOException("connection reset by peer");
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = good.read(buffer, offset, length);
                if (n < 0) {
                    throw new IOException("connection reset by peer");
                }
                return n;
            }
        };
    }
}
