package dev.converge.portal.artifacts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.Audited;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.platform.storage.ObjectContent;
import dev.converge.portal.platform.storage.ObjectNotFound;
import dev.converge.portal.platform.storage.ObjectPage;
import dev.converge.portal.platform.storage.StorageException;
import dev.converge.portal.platform.storage.StoredObject;
import dev.converge.portal.platform.storage.UploadFailed;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;

/**
 * Model artifacts in the artifacts bucket, under {@code teams/<team>/<name>/<version>/<file>}: upload (streamed,
 * with SHA-256, size, content type, uploader and time recorded as object metadata), list, read, delete. A user sees
 * the artifacts of their teams (admins all) and changes them with DEVELOPER or above. Every change is audited.
 */
@Service
public class Artifacts {

    /** A listing reads at most this many keys, so one search cannot walk a huge bucket; the page says when cut. */
    static final int MAX_LISTED = 5000;
    private static final int LIST_BATCH = 1000;

    private final ArtifactStore store;
    private final TeamDirectory teams;
    private final AuditLog audit;
    private final DataSize maxSize;

    public Artifacts(ArtifactStore store, TeamDirectory teams, AuditLog audit, PortalProperties properties) {
        this.store = store;
        this.teams = teams;
        this.audit = audit;
        this.maxSize = properties.artifacts().maxSize();
    }

    public DataSize maxSize() {
        return maxSize;
    }

    public Artifact upload(CurrentUser user, ArtifactUpload upload) {
        var fileName = ArtifactKey.baseName(upload.fileName());
        var problems = new LinkedHashMap<String, String>();
        if (upload.namespace() == null || !teams.allNamespaces().contains(upload.namespace())) {
            problems.put("namespace", "artifacts.error.namespace");
        }
        problems.putAll(ArtifactKey.problems(upload.name(), upload.version(), fileName));
        if (!problems.isEmpty()) {
            throw InvalidArtifactRequest.of(problems);
        }
        var key = new ArtifactKey(teams.teamOf(upload.namespace()), upload.name(), upload.version(), fileName);
        return Audited.call(audit, user.username(), "artifact.upload", key.key(), () -> {
            requireWrite(user, upload.namespace());
            if (upload.size() > maxSize.toBytes()) {
                throw ArtifactTooLarge.over(maxSize);
            }
            if (exists(key)) {
                throw ArtifactAlreadyExists.key(key.key());
            }
            return store(user, upload, key);
        }, stored -> "sha256 " + stored.sha256() + ", " + stored.size() + " bytes");
    }

    private Artifact store(CurrentUser user, ArtifactUpload upload, ArtifactKey key) {
        try (var content = new SizeLimitedInputStream(upload.content().open(), maxSize.toBytes())) {
            try {
                var stored = store.put(Bucket.ARTIFACTS, key.key(), content,
                        upload.size() >= 0 ? upload.size() : ArtifactStore.UNKNOWN_SIZE, upload.contentType(),
                        user.username());
                return Artifact.of(key, upload.namespace(), stored);
            } catch (UploadFailed e) {
                if (content.exceeded()) {
                    throw ArtifactTooLarge.over(maxSize);
                }
                throw ArtifactStorageFailure.interrupted(e);
            } catch (StorageException e) {
                throw ArtifactStorageFailure.unavailable(e);
            }
        } catch (IOException e) {
            throw ArtifactStorageFailure.interrupted(UploadFailed.interrupted(e));
        }
    }

    /**
     * Artifacts the user may read, newest key order within each namespace, filtered by a text in the key.
     *
     * @param namespace one namespace, or null for every namespace the user may read
     */
    public ArtifactPage list(CurrentUser user, String namespace, String query, int page, int size) {
        var namespaces = new ArrayList<String>();
        if (namespace != null && !namespace.isBlank()) {
            requireRead(user, namespace);
            namespaces.add(namespace);
        } else {
            teams.allNamespaces().stream().filter(user::canRead).forEach(namespaces::add);
        }
        var needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        var matches = new ArrayList<ArtifactSummary>();
        boolean truncated = false;
        for (var ns : namespaces) {
            truncated |= collect(ns, needle, matches);
        }
        int boundedSize = Math.max(1, Math.min(size, 200));
        int totalPages = (int) Math.ceil(matches.size() / (double) boundedSize);
        int current = Math.max(0, Math.min(page, Math.max(0, totalPages - 1)));
        int from = Math.min(current * boundedSize, matches.size());
        return new ArtifactPage(matches.subList(from, Math.min(from + boundedSize, matches.size())), current,
                boundedSize, matches.size(), totalPages, truncated);
    }

    /** Adds the namespace's matching artifacts; true when the listing stopped at {@link #MAX_LISTED}. */
    private boolean collect(String namespace, String needle, List<ArtifactSummary> matches) {
        var prefix = ArtifactKey.ROOT + teams.teamOf(namespace) + "/";
        String cursor = null;
        int read = 0;
        do {
            var after = cursor;
            ObjectPage batch;
            try {
                batch = store.list(Bucket.ARTIFACTS, prefix, after, LIST_BATCH);
            } catch (StorageException e) {
                throw ArtifactStorageFailure.unavailable(e);
            }
            for (var object : batch.objects()) {
                read++;
                if (!needle.isEmpty() && !object.key().toLowerCase(Locale.ROOT).contains(needle)) {
                    continue;
                }
                ArtifactKey.tryParse(object.key()).ifPresent(key -> matches.add(new ArtifactSummary(key.key(),
                        namespace, key.name(), key.version(), key.file(), object.size(), object.lastModified())));
            }
            cursor = batch.nextStartAfter();
            if (cursor != null && read >= MAX_LISTED) {
                return true;
            }
        } while (cursor != null);
        return false;
    }

    public Artifact get(CurrentUser user, String key) {
        var parsed = ArtifactKey.parse(key);
        var namespace = teams.namespaceOf(parsed.team());
        requireRead(user, namespace);
        return Artifact.of(parsed, namespace, stat(parsed));
    }

    /**
     * The SHA-256 recorded when the artifact was uploaded, without a user's access check (the trust dashboard checks
     * the namespace itself); empty when the key is not an artifact key, the object is gone or has no recorded sum.
     */
    public Optional<String> recordedSha256(String key) {
        var parsed = ArtifactKey.tryParse(key);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(store.stat(Bucket.ARTIFACTS, parsed.get().key()).sha256());
        } catch (ObjectNotFound e) {
            return Optional.empty();
        }
    }

    /** Opens the artifact's content for a download; the caller closes it. */
    public ObjectContent open(CurrentUser user, String key) {
        var parsed = ArtifactKey.parse(key);
        requireRead(user, teams.namespaceOf(parsed.team()));
        try {
            return store.get(Bucket.ARTIFACTS, parsed.key());
        } catch (ObjectNotFound e) {
            throw ArtifactNotFound.key(parsed.key());
        } catch (StorageException e) {
            throw ArtifactStorageFailure.unavailable(e);
        }
    }

    public void delete(CurrentUser user, String key) {
        var parsed = ArtifactKey.parse(key);
        var namespace = teams.namespaceOf(parsed.team());
        Audited.run(audit, user.username(), "artifact.delete", parsed.key(), () -> {
            // another team's artifact: refused before anything is looked up
            requireRead(user, namespace);
            requireWrite(user, namespace);
            stat(parsed);
            try {
                store.delete(Bucket.ARTIFACTS, parsed.key());
            } catch (StorageException e) {
                throw ArtifactStorageFailure.unavailable(e);
            }
        }, null);
    }

    private boolean exists(ArtifactKey key) {
        try {
            stat(key);
            return true;
        } catch (ArtifactNotFound e) {
            return false;
        }
    }

    private StoredObject stat(ArtifactKey key) {
        try {
            return store.stat(Bucket.ARTIFACTS, key.key());
        } catch (ObjectNotFound e) {
            throw ArtifactNotFound.key(key.key());
        } catch (StorageException e) {
            throw ArtifactStorageFailure.unavailable(e);
        }
    }

    private void requireRead(CurrentUser user, String namespace) {
        if (!user.canRead(namespace)) {
            throw ArtifactAccessDenied.read(namespace);
        }
    }

    private static void requireWrite(CurrentUser user, String namespace) {
        if (!user.canWrite(namespace)) {
            throw ArtifactAccessDenied.write(namespace);
        }
    }
}
