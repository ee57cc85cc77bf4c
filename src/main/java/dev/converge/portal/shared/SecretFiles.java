package dev.converge.portal.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Generated secrets (the first admin password, the sandbox's S3 keys) go to a file only the portal's user can read,
 * and the log names the file: secrets never reach a log, where they would be copied to every log collector.
 */
public final class SecretFiles {

    private SecretFiles() {
    }

    /** Writes {@code content} to {@code file} (replacing it), readable and writable by the owner only. */
    public static Path writeOwnerOnly(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            var temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file.toAbsolutePath();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
