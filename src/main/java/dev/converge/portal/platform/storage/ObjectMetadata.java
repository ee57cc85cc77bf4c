package dev.converge.portal.platform.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.minio.HeadObjectResponse;

/**
 * The portal's user metadata on an object ({@code x-amz-meta-*}): written at upload, read back into
 * {@link StoredObject}. S3 servers return the keys in any case (MinIO capitalises them), so reading ignores case.
 * Values must be ASCII in HTTP headers, so the uploader's name is percent-encoded where it is not.
 */
final class ObjectMetadata {

    static final String SHA256 = "sha256";
    static final String SIZE = "size";
    static final String UPLOADED_BY = "uploaded-by";
    static final String UPLOADED_AT = "uploaded-at";

    private ObjectMetadata() {
    }

    static Map<String, String> of(String sha256, long size, String uploadedBy, Instant uploadedAt) {
        return Map.of(SHA256, sha256, SIZE, Long.toString(size), UPLOADED_BY, encode(uploadedBy),
                UPLOADED_AT, uploadedAt.toString());
    }

    static StoredObject toStoredObject(String key, HeadObjectResponse head) {
        var metadata = new HashMap<String, String>();
        for (var entry : head.userMetadata()) {
            metadata.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue());
        }
        var uploadedBy = metadata.get(UPLOADED_BY);
        return new StoredObject(key, head.size(), metadata.get(SHA256), head.contentType(),
                uploadedBy == null ? null : decode(uploadedBy), instant(metadata.get(UPLOADED_AT)),
                unquote(head.etag()), head.lastModified() == null ? null : head.lastModified().toInstant());
    }

    static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null; // written by another tool; the object is still usable
        }
    }

    /** Percent-encodes bytes outside printable ASCII, and '%' itself. */
    static String encode(String value) {
        var out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String decode(String value) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
