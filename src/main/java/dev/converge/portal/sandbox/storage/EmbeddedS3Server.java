package dev.converge.portal.sandbox.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

import dev.converge.portal.platform.storage.EmbeddedObjectStorage;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3 server inside the JVM (s3proxy), for the sandbox and for tests. It listens on 127.0.0.1 only, on a free port
 * chosen at first start and kept across {@link #stop()}/{@link #start()}, and accepts one random key pair.
 * <p>
 * The filesystem store keeps objects as files under its directory and user metadata in extended attributes, so the
 * directory must be on a filesystem with user xattrs (ext4, xfs, btrfs, APFS).
 */
public final class EmbeddedS3Server implements EmbeddedObjectStorage {

    private static final String LOOPBACK = "127.0.0.1";
    private static final long STOP_TIMEOUT_MILLIS = 500;

    private final BlobStore blobStore;
    private final String accessKey = randomKey(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    private final String secretKey = randomKey(40,
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    private int port;
    private S3Proxy proxy;

    private EmbeddedS3Server(BlobStore blobStore, int port) {
        this.blobStore = blobStore;
        this.port = port;
    }

    /** A server whose objects live under {@code directory} and survive restarts of the portal. */
    public static EmbeddedS3Server filesystem(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the embedded S3 directory " + directory, e);
        }
        var properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        return new EmbeddedS3Server(BlobStores.create("filesystem-nio2", properties), 0);
    }

    /** A server that keeps objects in memory only (tests). */
    public static EmbeddedS3Server inMemory() {
        return new EmbeddedS3Server(BlobStores.create("transient-nio2", new Properties()), 0);
    }

    /** Starts listening; the first start picks a free port, later starts reuse it. */
    public synchronized EmbeddedS3Server start() {
        if (proxy != null) {
            return this;
        }
        var candidate = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + LOOPBACK + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .stopTimeout(STOP_TIMEOUT_MILLIS) // a sandbox need not wait long for requests in flight
                .build();
        try {
            candidate.start();
        } catch (Exception e) {
            throw new IllegalStateException("The embedded S3 server could not start on " + LOOPBACK + ":" + port, e);
        }
        port = candidate.getPort();
        proxy = candidate;
        return this;
    }

    /** Stops listening; the stored objects stay and {@link #start()} serves them again on the same port. */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // idle keep-alive connections outlived the grace period; Jetty closed them and stopped anyway
        } catch (Exception e) {
            throw new IllegalStateException("The embedded S3 server did not stop cleanly", e);
        } finally {
            proxy = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return proxy != null;
    }

    public synchronized URI endpoint() {
        return URI.create("http://" + LOOPBACK + ":" + port);
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    private static String randomKey(int length, String alphabet) {
        var random = new SecureRandom();
        var key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return key.toString();
    }
}
