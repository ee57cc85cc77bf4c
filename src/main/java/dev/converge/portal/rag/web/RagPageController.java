package dev.converge.portal.rag.web;

import java.util.List;

import dev.converge.portal.live.SseHub;
import dev.converge.portal.rag.RagCrdPresence;
import dev.converge.portal.rag.RagDocuments;
import dev.converge.portal.rag.RagModel;
import dev.converge.portal.rag.RagModelManager;
import dev.converge.portal.rag.RagModelViews;
import dev.converge.portal.rag.RuntimeUnreachable;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.InvalidInput;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The RAG pages: list (with how to install the CRD when the cluster lacks it), new form, detail with documents
 * (upload of several files, delete) and the "Try it" retrieve box. Plain forms that redirect after success.
 */
@Controller
@RequestMapping(path = "/rag/models", produces = MediaType.TEXT_HTML_VALUE)
class RagPageController {

    private final RagModelViews views;
    private final RagModelManager manager;
    private final RagDocuments documents;
    private final RagCrdPresence crd;
    private final ObjectProvider<SseHub> hub;

    RagPageController(RagModelViews views, RagModelManager manager, RagDocuments documents, RagCrdPresence crd,
                      ObjectProvider<SseHub> hub) {
        this.views = views;
        this.hub = hub;
        this.manager = manager;
        this.documents = documents;
        this.crd = crd;
    }

    /**
     * The list, or only its results for htmx (a filter, or the live stream saying a model came, went or changed
     * phase). The page's stream starts at the position read before the cache, so no change in between is lost.
     */
    @GetMapping
    String list(@RequestParam(required = false) String namespace, @RequestParam(required = false) String phase,
                @RequestParam(required = false) String q, @RequestParam(required = false) String source,
                CurrentUser user, Model model, HtmxRequest htmx, HttpServletRequest request) {
        var sse = hub.getIfAvailable();
        model.addAttribute("streamFrom", sse == null ? null : sse.lastEventId());
        model.addAttribute("refreshUrl", request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        var filter = new RagModelViews.Filter(namespace, phase, q, source);
        model.addAttribute("filter", filter);
        model.addAttribute("namespaces", user.namespaces());
        model.addAttribute("phases", List.of("Pending", "Indexing", "Ready", "Degraded", "Failed"));
        model.addAttribute("crdName", RagModel.CRD_NAME);
        if (!crd.installed()) {
            model.addAttribute("crdMissing", true);
            model.addAttribute("models", List.of());
            return "rag/list";
        }
        var models = views.list(filter, user);
        model.addAttribute("models", models);
        model.addAttribute("rows", views.rows(models));
        return htmx.isHtmxRequest() ? "rag/fragments :: results" : "rag/list";
    }

    @GetMapping("/new")
    String newForm(CurrentUser user, Model model) {
        var form = new RagModelForm();
        form.setNamespace(user.namespaces().isEmpty() ? null : user.namespaces().first());
        return form(form, user, model);
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String create(@ModelAttribute("form") RagModelForm form, BindingResult binding, CurrentUser user, Model model) {
        if (binding.hasErrors()) {
            return form(form, user, model);
        }
        try {
            var created = manager.create(form.toRequest(), user).summary();
            return "redirect:/rag/models/" + created.namespace() + "/" + created.name();
        } catch (InvalidInput e) {
            e.fieldErrors().forEach((field, code) -> {
                var property = RagModelForm.formField(field);
                if (property != null) {
                    binding.rejectValue(property, code, e.fieldArgs(field), code);
                } else {
                    binding.reject(code, e.fieldArgs(field), code);
                }
            });
            return form(form, user, model);
        }
    }

    private String form(RagModelForm form, CurrentUser user, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("namespaces", user.namespaces().stream().filter(user::canWrite).toList());
        return "rag/form";
    }

    @GetMapping("/{namespace}/{name}")
    String detail(@PathVariable String namespace, @PathVariable String name, CurrentUser user, Model model) {
        model.addAttribute("rag", views.get(namespace, name, user));
        model.addAttribute("documents", documents.list(namespace, name, user));
        model.addAttribute("allowedTypes", documents.allowedTypes());
        model.addAttribute("accept", String.join(",", documents.allowedTypes().stream().map(t -> "." + t).toList()));
        model.addAttribute("maxSizeMb", documents.maxSize() / (1024 * 1024));
        model.addAttribute("canWrite", user.canWrite(namespace));
        return "rag/detail";
    }

    @PostMapping("/{namespace}/{name}/delete")
    String delete(@PathVariable String namespace, @PathVariable String name, CurrentUser user,
                  RedirectAttributes redirect) {
        manager.delete(namespace, name, user);
        redirect.addFlashAttribute("notice", "rag.deleted");
        return "redirect:/rag/models";
    }

    @PostMapping(path = "/{namespace}/{name}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String upload(@PathVariable String namespace, @PathVariable String name,
                  @RequestParam(name = "file", required = false) List<MultipartFile> files, CurrentUser user,
                  RedirectAttributes redirect) {
        var stored = documents.upload(namespace, name, files == null ? List.of() : files.stream()
                .filter(f -> !f.isEmpty() || (f.getOriginalFilename() != null && !f.getOriginalFilename().isEmpty()))
                .map(RagApiController.MultipartUpload::new).toList(), user);
        redirect.addFlashAttribute("uploaded", stored.size());
        return "redirect:/rag/models/" + namespace + "/" + name;
    }

    @PostMapping("/{namespace}/{name}/documents/{document}/delete")
    String deleteDocument(@PathVariable String namespace, @PathVariable String name, @PathVariable String document,
                          CurrentUser user) {
        documents.delete(namespace, name, document, user);
        return "redirect:/rag/models/" + namespace + "/" + name;
    }

    @PostMapping(path = "/{namespace}/{name}/retrieve", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String retrieve(@PathVariable String namespace, @PathVariable String name, @RequestParam String query,
                    @RequestParam(required = false) Integer topK, CurrentUser user, Model model) {
        model.addAttribute("query", query);
        try {
            model.addAttribute("chunks", documents.retrieve(namespace, name, query, topK, user));
        } catch (RuntimeUnreachable e) {
            model.addAttribute("retrieveProblem", e.reason());
        }
        return detail(namespace, name, user, model);
    }
}
