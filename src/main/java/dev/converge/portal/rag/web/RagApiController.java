package dev.converge.portal.rag.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.converge.portal.rag.RagCrdPresence;
import dev.converge.portal.rag.RagDocument;
import dev.converge.portal.rag.RagDocuments;
import dev.converge.portal.rag.RagModelDetail;
import dev.converge.portal.rag.RagModelManager;
import dev.converge.portal.rag.RagModelRequest;
import dev.converge.portal.rag.RagModelSummary;
import dev.converge.portal.rag.RagModelViews;
import dev.converge.portal.security.CurrentUser;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The RAG models JSON API (see docs/api.md): the same calls as the pages, for API clients. */
@RestController
@RequestMapping(path = "/rag/models", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
class RagApiController {

    private final RagModelViews views;
    private final RagModelManager manager;
    private final RagDocuments documents;
    private final RagCrdPresence crd;

    RagApiController(RagModelViews views, RagModelManager manager, RagDocuments documents, RagCrdPresence crd) {
        this.views = views;
        this.manager = manager;
        this.documents = documents;
        this.crd = crd;
    }

    @GetMapping
    Map<String, List<RagModelSummary>> list(@RequestParam(required = false) String namespace,
                                            @RequestParam(required = false) String phase,
                                            @RequestParam(required = false) String q,
                                            @RequestParam(required = false) String source, CurrentUser user) {
        crd.require();
        return Map.of("items", views.list(new RagModelViews.Filter(namespace, phase, q, source), user));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RagModelDetail> create(@RequestBody RagModelRequest request, CurrentUser user) {
        crd.require();
        var created = manager.create(request, user);
        return ResponseEntity.created(URI.create("/rag/models/" + created.summary().namespace() + "/"
                + created.summary().name())).body(created);
    }

    @GetMapping("/{namespace}/{name}")
    RagModelDetail get(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        return views.get(namespace, name, user);
    }

    @PutMapping(path = "/{namespace}/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    RagModelDetail update(@PathVariable String namespace, @PathVariable String name,
                          @RequestBody RagModelRequest request, CurrentUser user) {
        return manager.update(namespace, name, request, user);
    }

    @DeleteMapping("/{namespace}/{name}")
    ResponseEntity<Void> delete(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        manager.delete(namespace, name, user);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{namespace}/{name}/documents")
    Map<String, Object> documents(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        var listing = documents.list(namespace, name, user);
        return Map.of("items", listing.items());
    }

    @PostMapping(path = "/{namespace}/{name}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, List<RagDocument>>> upload(@PathVariable String namespace, @PathVariable String name,
                                                          @RequestPart(name = "file", required = false)
                                                          List<MultipartFile> files, CurrentUser user) {
        var stored = documents.upload(namespace, name, files == null ? List.of() : files.stream()
                .map(MultipartUpload::new).toList(), user);
        return ResponseEntity.status(201).body(Map.of("items", stored));
    }

    @DeleteMapping("/{namespace}/{name}/documents/{document}")
    ResponseEntity<Void> deleteDocument(@PathVariable String namespace, @PathVariable String name,
                                        @PathVariable String document, CurrentUser user) {
        documents.delete(namespace, name, document, user);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{namespace}/{name}/retrieve", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> retrieve(@PathVariable String namespace, @PathVariable String name,
                                 @RequestBody RetrieveRequest request, CurrentUser user) {
        return Map.of("chunks", documents.retrieve(namespace, name, request.query(), request.topK(), user));
    }

    record RetrieveRequest(String query, Integer topK) {
    }

    /** A multipart file as an upload. */
    record MultipartUpload(MultipartFile file) implements RagDocuments.Upload {
        @Override
        public String filename() {
            return file.getOriginalFilename();
        }

        @Override
        public long size() {
            return file.getSize();
        }

        @Override
        public String contentType() {
            return file.getContentType();
        }

        @Override
        public InputStream open() throws IOException {
            return file.getInputStream();
        }
    }
}
