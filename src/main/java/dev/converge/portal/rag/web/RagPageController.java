package dev.converge.portal.rag.web;

import java.util.List;

import dev.converge.portal.deployments.Zones;
import dev.converge.portal.platform.kubernetes.ZonePlacement;
import dev.converge.portal.rag.RagCrdPresence;
import dev.converge.portal.rag.RagDocuments;
import dev.converge.portal.rag.RagModel;
import dev.converge.portal.rag.RagModelConflict;
import dev.converge.portal.rag.RagModelManager;
import dev.converge.portal.rag.RagModelViews;
import dev.converge.portal.rag.RuntimeUnreachable;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.InvalidInput;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
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
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The RAG pages: list (with how to install the CRD when the cluster lacks it), new and edit form (one form), detail
 * with documents (upload of several files, delete) and the "Try it" retrieve box. Plain forms that redirect after
 * success, so everything works without JavaScript.
 */
@Controller
@RequestMapping(path = "/rag/models", produces = MediaType.TEXT_HTML_VALUE)
class RagPageController {

    private final RagModelViews views;
    private final RagModelManager manager;
    private final RagDocuments documents;
    private final RagCrdPresence crd;
    private final Zones zones;
    private final MessageSource messages;

    RagPageController(RagModelViews views, RagModelManager manager, RagDocuments documents, RagCrdPresence crd,
                      Zones zones, MessageSource messages) {
        this.views = views;
        this.zones = zones;
        this.messages = messages;
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
        return form(form, user, model, false);
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String create(@ModelAttribute("form") RagModelForm form, BindingResult binding, CurrentUser user, Model model) {
        checkZoneStrategy(form, binding);
        if (binding.hasErrors()) {
            return form(form, user, model, false);
        }
        try {
            var created = manager.create(form.toRequest(), user).summary();
            return "redirect:/rag/models/" + created.namespace() + "/" + created.name();
        } catch (InvalidInput e) {
            reject(binding, e);
            return form(form, user, model, false);
        }
    }

    /** The edit form, prefilled with the spec as stored and the version it was read at. */
    @GetMapping("/{namespace}/{name}/edit")
    String editForm(@PathVariable String namespace, @PathVariable String name, CurrentUser user, Model model) {
        var detail = views.get(namespace, name, user);
        manager.requireWrite(namespace, user);
        return form(RagModelForm.of(detail), user, model, true);
    }

    /**
     * Saves the edit form. The RAG model of the URL is changed whatever namespace or name the form posts; a change
     * made since the form was loaded is refused with the same conflict as the JSON PUT (409), shown on the form.
     */
    @PostMapping(path = "/{namespace}/{name}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String update(@PathVariable String namespace, @PathVariable String name,
                  @ModelAttribute("form") RagModelForm form, BindingResult binding, CurrentUser user, Model model,
                  RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
        form.setNamespace(namespace);
        form.setName(name);
        checkZoneStrategy(form, binding);
        if (binding.hasErrors()) {
            return form(form, user, model, true);
        }
        try {
            var current = views.get(namespace, name, user).spec();
            manager.update(namespace, name, form.toUpdate(current), user);
            redirect.addFlashAttribute("notice", "rag.updated");
            return "redirect:/rag/models/" + namespace + "/" + name;
        } catch (RagModelConflict e) {
            response.setStatus(e.status().value());
            model.addAttribute("conflict", messages.getMessage(e.detailCode(), e.detailArgs(), e.detailCode(),
                    RequestContextUtils.getLocale(request)));
            return form(form, user, model, true);
        } catch (InvalidInput e) {
            reject(binding, e);
            return form(form, user, model, true);
        }
    }

    private static void checkZoneStrategy(RagModelForm form, BindingResult binding) {
        if (!form.knownZoneStrategy() && !binding.hasFieldErrors("zoneStrategy")) {
            binding.rejectValue("zoneStrategy", "rag.error.zoneStrategy", "rag.error.zoneStrategy");
        }
    }

    /** The manager's field errors beside their fields; those the form has no field for above it. */
    private static void reject(BindingResult binding, InvalidInput e) {
        e.fieldErrors().forEach((field, code) -> {
            var property = RagModelForm.formField(field);
            if (property != null) {
                binding.rejectValue(property, code, e.fieldArgs(field), code);
            } else {
                binding.reject(code, e.fieldArgs(field), code);
            }
        });
    }

    private String form(RagModelForm form, CurrentUser user, Model model, boolean editing) {
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("namespaces", user.namespaces().stream().filter(user::canWrite).toList());
        model.addAttribute("strategies", ZonePlacement.STRATEGIES);
        model.addAttribute("zoneNames", zones.names());
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
