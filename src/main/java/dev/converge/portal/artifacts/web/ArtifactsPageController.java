package dev.converge.portal.artifacts.web;

import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.platform.kubernetes.TeamDirectory;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import dev.converge.portal.shared.web.PortalException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Model artifacts' pages: upload form, searchable list, detail, download and delete. An artifact's URL is
 * {@code /artifacts/} followed by its key. Where a URL also has a JSON answer ({@link ArtifactsApiController}), the
 * mapping here produces {@code text/html} and the content-negotiation rule (docs/api.md) picks the controller.
 * Uploads arrive as multipart: Tomcat spills each file part to a temporary file (threshold 0, see
 * application.properties), and {@link Artifacts} streams it from there to object storage, so no upload is ever held
 * in memory.
 */
@Controller
class ArtifactsPageController {

    private static final String KEY_PATH = "/artifacts/teams/{team}/{name}/{version}/{file}";

    private final Artifacts artifacts;
    private final TeamDirectory teams;

    ArtifactsPageController(Artifacts artifacts, TeamDirectory teams) {
        this.artifacts = artifacts;
        this.teams = teams;
    }

    @GetMapping(path = "/artifacts", produces = MediaType.TEXT_HTML_VALUE)
    String list(@RequestParam(required = false) String namespace, @RequestParam(required = false) String q,
                PageParams pageParams, HtmxRequest htmx, CurrentUser user, Model model) {
        var page = artifacts.list(user, blankToNull(namespace), q, pageParams.page(), pageParams.size());
        model.addAttribute("artifacts", new PageView<>(page.items(), page.page(), page.size(), page.totalItems()));
        model.addAttribute("truncated", page.truncated());
        model.addAttribute("namespace", namespace);
        model.addAttribute("q", q);
        if (htmx.isHtmxRequest() && !"artifact-upload".equals(htmx.getTarget())) {
            return "artifacts/fragments :: results";
        }
        return listPage(user, ArtifactForm.empty(), model);
    }

    /** htmx gets a 204 with {@code HX-Redirect} to the new artifact, or the form with its errors to swap in. */
    @PostMapping(path = "/artifacts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    Object upload(@ModelAttribute("form") ArtifactForm form, @RequestParam(required = false) MultipartFile file,
                  HtmxRequest htmx, HttpServletRequest request, HttpServletResponse response, CurrentUser user,
                  Model model, RedirectAttributes redirect) {
        var upload = form.toUpload(file);
        try {
            var artifact = artifacts.upload(user, upload);
            if (htmx.isHtmxRequest()) {
                var location = "/artifacts/" + artifact.key();
                // htmx follows HX-Redirect with a plain GET: the success message travels as a flash attribute,
                // as it does for the redirect without JavaScript
                RequestContextUtils.getOutputFlashMap(request).put("notice", artifact.key());
                RequestContextUtils.saveOutputFlashMap(location, request, response);
                response.setHeader("HX-Redirect", request.getContextPath() + location);
                return ResponseEntity.noContent().build();
            }
            redirect.addFlashAttribute("notice", artifact.key());
            return "redirect:/artifacts/" + artifact.key();
        } catch (PortalException e) {
            if (e.fieldErrors().isEmpty()) {
                throw e;
            }
            var errors = new BeanPropertyBindingResult(form, "form");
            // the file is a multipart part, not a form property: its error is shown on its own
            e.fieldErrors().forEach((field, code) -> {
                if ("file".equals(field)) {
                    model.addAttribute("fileError", code);
                } else {
                    errors.rejectValue(field, code, code);
                }
            });
            model.addAttribute("org.springframework.validation.BindingResult.form", errors);
            response.setStatus(e.status().value());
            if (htmx.isHtmxRequest()) {
                // htmx swaps a 4xx only when the answer says where it goes (js/portal.js): the form, in place
                response.setHeader("HX-Retarget", "#artifact-upload");
                response.setHeader("HX-Reswap", "outerHTML");
                model.addAttribute("namespaces", writableNamespaces(user));
                model.addAttribute("maxSizeMiB", artifacts.maxSize().toMegabytes());
                return "artifacts/fragments :: upload";
            }
            var page = artifacts.list(user, null, null, 0, PageParams.DEFAULT_SIZE);
            model.addAttribute("artifacts", new PageView<>(page.items(), 0, page.size(), page.totalItems()));
            model.addAttribute("truncated", page.truncated());
            return listPage(user, form, model);
        }
    }

    @GetMapping(path = KEY_PATH, produces = MediaType.TEXT_HTML_VALUE)
    String detail(@PathVariable String team, @PathVariable String name, @PathVariable String version,
                  @PathVariable String file, CurrentUser user, Model model) {
        var artifact = artifacts.get(user, key(team, name, version, file));
        model.addAttribute("artifact", artifact);
        model.addAttribute("canWrite", user.canWrite(artifact.namespace()));
        return "artifacts/detail";
    }

    /** Streams the object through the portal, so the browser needs no route to object storage. */
    @GetMapping(KEY_PATH + "/download")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String team, @PathVariable String name,
                                                   @PathVariable String version, @PathVariable String file,
                                                   CurrentUser user) {
        var content = artifacts.open(user, key(team, name, version, file));
        var object = content.object();
        StreamingResponseBody body = out -> {
            try (content) {
                content.stream().transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(mediaType(object.contentType()))
                .contentLength(object.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build()
                        .toString())
                .header("X-Checksum-SHA256", object.sha256() == null ? "" : object.sha256())
                .body(body);
    }

    /** One answer for htmx and API clients (204); htmx is also told where to go next. */
    @DeleteMapping(KEY_PATH)
    ResponseEntity<Void> delete(@PathVariable String team, @PathVariable String name, @PathVariable String version,
                                @PathVariable String file, HtmxRequest htmx, HttpServletRequest request,
                                CurrentUser user) {
        artifacts.delete(user, key(team, name, version, file));
        var answer = ResponseEntity.noContent();
        if (htmx.isHtmxRequest()) {
            answer.header("HX-Redirect", request.getContextPath() + "/artifacts");
        }
        return answer.build();
    }

    /** Asks before deleting, for browsers without JavaScript (htmx asks with hx-confirm and sends a DELETE). */
    @GetMapping(KEY_PATH + "/delete")
    String confirmDelete(@PathVariable String team, @PathVariable String name, @PathVariable String version,
                         @PathVariable String file, CurrentUser user, Model model) {
        model.addAttribute("artifact", artifacts.get(user, key(team, name, version, file)));
        return "artifacts/delete";
    }

    /** The form version of DELETE, for browsers without JavaScript. */
    @PostMapping(KEY_PATH + "/delete")
    String deleteFromForm(@PathVariable String team, @PathVariable String name, @PathVariable String version,
                          @PathVariable String file, CurrentUser user, RedirectAttributes redirect) {
        var key = key(team, name, version, file);
        artifacts.delete(user, key);
        redirect.addFlashAttribute("deleted", key);
        return "redirect:/artifacts";
    }

    private String listPage(CurrentUser user, ArtifactForm form, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", form);
        }
        model.addAttribute("namespaces", writableNamespaces(user));
        model.addAttribute("readableNamespaces", teams.allNamespaces().stream().filter(user::canRead).toList());
        model.addAttribute("maxSizeMiB", artifacts.maxSize().toMegabytes());
        return "artifacts/list";
    }

    private java.util.List<String> writableNamespaces(CurrentUser user) {
        return teams.allNamespaces().stream().filter(user::canWrite).toList();
    }

    static String key(String team, String name, String version, String file) {
        return "teams/" + team + "/" + name + "/" + version + "/" + file;
    }

    private static MediaType mediaType(String contentType) {
        try {
            return contentType == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
