package dev.converge.portal.platform.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes an upload through while computing its SHA-256 and size, and remembers whether reading the source failed, so
 * an interrupted upload can be told apart from a storage failure. It stops at the declared size: the MinIO client
 * reads ahead, and bytes it reads but does not store must not be hashed.
 */
final class HashingInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private final long limit;
    private long count;
    private boolean sourceFailed;
    private boolean ended;

    /** @param limit the declared size, or a negative number when it is unknown */
    HashingInputStream(InputStream source, long limit) {
        super(source);
        this.limit = limit < 0 ? Long.MAX_VALUE : limit;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        if (count == limit) {
            return -1;
        }
        int b = guarded(() -> super.read());
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        } else {
            ended = true;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (count == limit && length > 0) {
            return -1;
        }
        int allowed = (int) Math.min(length, limit - count);
        int n = guarded(() -> super.read(buffer, offset, allowed));
        if (n > 0) {
            digest.update(buffer, offset, n);
            count += n;
        } else if (n < 0) {
            ended = true;
        }
        return n;
    }

    /** Skipped bytes would be missing from the hash, so skipping reads through them. */
    @Override
    public long skip(long n) throws IOException {
        var buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    boolean sourceFailed() {
        return sourceFailed;
    }

    /** Whether the source ended after fewer bytes than promised. */
    boolean endedBefore(long expectedSize) {
        return ended && expectedSize >= 0 && count < expectedSize;
    }

    /** The lowercase hex SHA-256 of everything read; call once, at the end. */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private int guarded(IoRead read) throws IOException {
        try {
            return read.get();
        } catch (IOException | RuntimeException e) {
            sourceFailed = true;
            throw e;
        }
    }

    @FunctionalInterface
    private interface IoRead {
        int get() throws IOException;
    }
}
