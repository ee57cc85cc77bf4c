package dev.converge.portal.rag;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.Audited;
import dev.converge.portal.platform.storage.ArtifactStore;
import dev.converge.portal.platform.storage.Bucket;
import dev.converge.portal.security.CurrentUser;
import org.springframework.stereotype.Service;

/**
 * A RAG model's documents in object storage (bucket {@code rag-documents}, prefix {@code <namespace>/<name>/} by
 * default), merged with what its runtime indexed when the runtime answers. Uploads are checked for type and size
 * before anything is stored; several files go up in one request, all checked first.
 */
@Service
public class RagDocuments {

    /** One file of an upload. */
    public interface Upload {
        String filename();

        long size();

        String contentType();

        InputStream open() throws IOException;
    }

    /** The documents, and whether the runtime's view (chunks, errors) is part of them. */
    public record Listing(List<RagDocument> items, boolean runtimeReachable, String runtimeProblem) {
    }

    private static final int MAX_DOCUMENTS = 1000;
    private static final int MAX_NAME = 200;

    private final ArtifactStore store;
    private final RagModelViews views;
    private final RagModelValidator validator;
    private final RagRuntime runtime;
    private final RagSettings settings;
    private final AuditLog audit;

    RagDocuments(ArtifactStore store, RagModelViews views, RagModelValidator validator, RagRuntime runtime,
                 RagSettings settings, AuditLog audit) {
        this.store = store;
        this.views = views;
        this.validator = validator;
        this.runtime = runtime;
        this.settings = settings;
        this.audit = audit;
    }

    public Listing list(String namespace, String name, CurrentUser user) {
        var model = views.require(namespace, name, user);
        var prefix = RagDefaults.of(model).prefix();
        Map<String, RagRuntime.IndexedDocument> indexed = new HashMap<>();
        boolean reachable = true;
        String problem = null;
        try {
            runtime.documents(namespace, name).forEach(d -> indexed.put(d.name(), d));
        } catch (RuntimeUnreachable e) {
            reachable = false;
            problem = e.reason();
        }
        var items = new ArrayList<RagDocument>();
        var page = store.list(Bucket.DOCUMENTS, prefix, null, MAX_DOCUMENTS);
        for (var object : page.objects()) {
            var document = object.key().substring(prefix.length());
            var stored = store.stat(Bucket.DOCUMENTS, object.key());
            var seen = indexed.get(document);
            items.add(new RagDocument(document, object.size(), stored.sha256(), seen == null ? null : seen.chunks(),
                    seen == null ? null : seen.indexedAt(), seen == null ? null : seen.error()));
        }
        return new Listing(items, reachable, problem);
    }

    /** Checks every file first (name, type, size), then stores them all; asks the runtime to re-index. */
    public List<RagDocument> upload(String namespace, String name, List<? extends Upload> files, CurrentUser user) {
        return Audited.call(audit, user.username(), "rag.documents.upload", namespace + "/" + name, () -> {
            validator.requireWrite(namespace, user);
            var model = views.require(namespace, name, user);
            if (files == null || files.isEmpty()) {
                throw InvalidRagModel.field("file", "rag.error.document.none");
            }
            for (var file : files) {
                check(file);
            }
            var prefix = RagDefaults.of(model).prefix();
            var stored = new ArrayList<RagDocument>();
            for (var file : files) {
                var document = file.filename().strip();
                try (var in = file.open()) {
                    var object = store.put(Bucket.DOCUMENTS, prefix + document, in, file.size(),
                            file.contentType() == null ? "application/octet-stream" : file.contentType(),
                            user.username());
                    stored.add(new RagDocument(document, object.size(), object.sha256(), null, null, null));
                } catch (IOException e) {
                    throw InvalidRagModel.field("file", "rag.error.document.unreadable", document);
                }
            }
            reindexQuietly(namespace, name);
            return stored;
        }, result -> result.size() + " documents");
    }

    public void delete(String namespace, String name, String document, CurrentUser user) {
        Audited.run(audit, user.username(), "rag.documents.delete", namespace + "/" + name + "/" + document, () -> {
            validator.requireWrite(namespace, user);
            var model = views.require(namespace, name, user);
            if (!validName(document)) {
                throw RagModelNotFound.document(namespace, name, document);
            }
            var key = RagDefaults.of(model).prefix() + document;
            try {
                store.stat(Bucket.DOCUMENTS, key);
            } catch (RuntimeException e) {
                throw RagModelNotFound.document(namespace, name, document);
            }
            store.delete(Bucket.DOCUMENTS, key);
            reindexQuietly(namespace, name);
        }, null);
    }

    public List<RagRuntime.RetrievedChunk> retrieve(String namespace, String name, String query, Integer topK,
                                                    CurrentUser user) {
        views.require(namespace, name, user);
        if (query == null || query.isBlank()) {
            throw InvalidRagModel.field("query", "rag.error.query");
        }
        if (query.length() > 4000) {
            throw InvalidRagModel.field("query", "rag.error.query.long", "4000");
        }
        if (topK != null && (topK < 1 || topK > 50)) {
            throw InvalidRagModel.field("topK", "rag.error.range", "1", "50");
        }
        return runtime.retrieve(namespace, name, query.strip(), topK);
    }

    /** The extensions accepted, for the upload form's {@code accept}. */
    public List<String> allowedTypes() {
        return settings.documentTypes();
    }

    public long maxSize() {
        return settings.maxDocumentSize().toBytes();
    }

    private void check(Upload file) {
        var filename = file.filename() == null ? "" : file.filename().strip();
        if (!validName(filename)) {
            throw InvalidRagModel.field("file", "rag.error.document.name", filename);
        }
        var dot = filename.lastIndexOf('.');
        var extension = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!settings.documentTypes().contains(extension)) {
            throw InvalidRagModel.field("file", "rag.error.document.type", filename,
                    String.join(", ", settings.documentTypes()));
        }
        if (file.size() > settings.maxDocumentSize().toBytes()) {
            throw InvalidRagModel.field("file", "rag.error.document.size", filename,
                    settings.maxDocumentSize().toMegabytes() + " MB");
        }
        if (file.size() == 0) {
            throw InvalidRagModel.field("file", "rag.error.document.empty", filename);
        }
    }

    /** A plain file name: no path, no dot-dot, no control characters. */
    static boolean validName(String name) {
        return name != null && !name.isBlank() && name.length() <= MAX_NAME && !name.contains("/")
                && !name.contains("\\") && !name.startsWith(".") && !name.contains("..")
                && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f) && !name.toLowerCase(Locale.ROOT)
                .contains("%2e") && !name.contains("%2f");
    }

    private void reindexQuietly(String namespace, String name) {
        try {
            runtime.reindex(namespace, name);
        } catch (RuntimeUnreachable e) {
            // the runtime reads the documents again when it starts, and on its own schedule
        }
    }
}
