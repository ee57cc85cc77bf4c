package dev.converge.portal.builds.web;

import java.util.Map;

import dev.converge.portal.builds.Build;
import dev.converge.portal.builds.BuildRow;
import dev.converge.portal.builds.BuildStatus;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.builds.BuildsLivePublisher;
import dev.converge.portal.platform.kubernetes.cache.ResultPage;
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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The AI Converge builder's pages: the build form, the board by status, a build's detail with its logs, and the
 * lifecycle actions. Forms post plain HTML and redirect after success; htmx swaps the board's results. Where a URL
 * also has a JSON answer ({@link BuildsApiController}), the mapping here produces {@code text/html} and the
 * content-negotiation rule (docs/api.md) picks the controller.
 */
@Controller
class BuildsPageController {

    private static final String BUILD_PATH = "/ai-converge/builds/{namespace}/{name}";

    private final Builds builds;
    private final TeamDirectory teams;
    private final BuildsLivePublisher live;

    BuildsPageController(Builds builds, TeamDirectory teams, BuildsLivePublisher live) {
        this.builds = builds;
        this.teams = teams;
        this.live = live;
    }

    @GetMapping("/ai-converge/build")
    String form(@RequestParam(required = false) String namespace, @RequestParam(required = false) String artifact,
                CurrentUser user, Model model) {
        var defaultNamespace = namespace != null ? namespace : teams.allNamespaces().stream().filter(user::canWrite)
                .findFirst().orElse(null);
        model.addAttribute("form", BuildForm.prefilled(defaultNamespace, artifact));
        return formPage(user, model);
    }

    @PostMapping(path = "/ai-converge/build", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String createFromForm(@ModelAttribute("form") BuildForm form, CurrentUser user, Model model,
                          HttpServletResponse response, RedirectAttributes redirect) {
        try {
            var parseProblems = form.parseProblems();
            if (!parseProblems.isEmpty()) {
                throw new dev.converge.portal.shared.web.InvalidInput(parseProblems, "error.invalidInput.detail");
            }
            var build = builds.create(user, form.toRequest());
            redirect.addFlashAttribute("notice", "builds.created");
            return "redirect:/ai-converge/builds/" + build.namespace() + "/" + build.name();
        } catch (PortalException e) {
            var errors = new BeanPropertyBindingResult(form, "form");
            var fields = e.fieldErrors().isEmpty() ? Map.of("artifact", e.detailCode()) : e.fieldErrors();
            fields.forEach((field, code) -> {
                var formField = field.startsWith("resources.") ? field.substring("resources.".length()) : field;
                if (field.equals("artifact") && e.fieldErrors().isEmpty()) {
                    errors.rejectValue(formField, code, e.detailArgs(), code);
                } else {
                    errors.rejectValue(formField, code, code);
                }
            });
            model.addAttribute("org.springframework.validation.BindingResult.form", errors);
            response.setStatus(e.status().value());
            return formPage(user, model);
        }
    }

    @GetMapping(path = "/ai-converge/builds", produces = MediaType.TEXT_HTML_VALUE)
    String board(@RequestParam(required = false) String namespace, @RequestParam(required = false) String q,
                 PageParams pageParams, HtmxRequest htmx, CurrentUser user, Model model) {
        return list("all", namespace, q, pageParams, htmx, user, model);
    }

    @GetMapping(path = "/ai-converge/builds/{build_status}", produces = MediaType.TEXT_HTML_VALUE)
    String list(@PathVariable("build_status") String status, @RequestParam(required = false) String namespace,
                @RequestParam(required = false) String q, PageParams pageParams, HtmxRequest htmx,
                CurrentUser user, Model model) {
        var filter = BuildStatus.parseFilter(status);
        var ns = namespace == null || namespace.isBlank() ? null : namespace;
        ResultPage<Build> page = builds.list(user, filter, ns, q, pageParams.page(), pageParams.size());
        model.addAttribute("builds", new PageView<>(page.items(), page.page(), page.size(), page.totalItems()));
        model.addAttribute("rows", page.items().stream()
                .map(BuildRow::of).toList());
        model.addAttribute("status", filter.map(BuildStatus::id).orElse("all"));
        // an empty list then says "none with this status", not "none yet"
        model.addAttribute("narrowed", filter.isPresent() || ns != null || (q != null && !q.isBlank()));
        model.addAttribute("statuses", BuildStatus.filterValues());
        var counts = new java.util.LinkedHashMap<String, Long>();
        builds.counts(user, ns).forEach((key, count) -> counts.put(key.id(), count));
        model.addAttribute("counts", counts);
        model.addAttribute("namespace", ns);
        model.addAttribute("q", q);
        var readable = teams.allNamespaces().stream().filter(user::canRead).toList();
        model.addAttribute("readableNamespaces", readable);
        model.addAttribute("liveCounts", readable.stream().map(live::countsIn).toList());
        return htmx.isHtmxRequest() ? "builds/fragments :: results" : "builds/list";
    }

    /**
     * The build's page; to htmx asking for {@code #build-live} (the page following a live event of the build) only
     * that part, rendered for this user: their actions depend on their role, which a broadcast fragment cannot know.
     */
    @GetMapping(path = BUILD_PATH, produces = MediaType.TEXT_HTML_VALUE)
    String detail(@PathVariable String namespace, @PathVariable String name, HtmxRequest htmx, CurrentUser user,
                  Model model) {
        var detail = builds.detail(user, namespace, name);
        var build = detail.build();
        model.addAttribute("detail", detail);
        model.addAttribute("build", build);
        model.addAttribute("row", BuildRow.of(build));
        model.addAttribute("canWrite", user.canWrite(namespace));
        model.addAttribute("modelUri", builds.modelUri(build));
        if (htmx.isHtmxRequest() && "build-live".equals(htmx.getTarget())) {
            return "builds/fragments :: detail";
        }
        if (!build.active()) {
            model.addAttribute("logTail", builds.tail(user, namespace, name, 500));
        }
        return "builds/detail";
    }

    /** The last {@code tail} lines as plain text, or with {@code download} the whole log as a file. */
    @GetMapping(BUILD_PATH + "/logs")
    ResponseEntity<?> logs(@PathVariable String namespace, @PathVariable String name,
                           @RequestParam(defaultValue = "200") int tail,
                           @RequestParam(required = false) String download, CurrentUser user) {
        if (download == null) {
            return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset
                    .StandardCharsets.UTF_8)).body(builds.tail(user, namespace, name, tail));
        }
        var stream = builds.fullLog(user, namespace, name);
        StreamingResponseBody body = out -> {
            try (stream) {
                stream.transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(namespace + "-" + name + ".log").build().toString())
                .body(body);
    }

    /** Asks before cancelling: a page with a form, so the second thought needs no JavaScript. */
    @GetMapping(BUILD_PATH + "/cancel")
    String confirmCancel(@PathVariable String namespace, @PathVariable String name, CurrentUser user, Model model) {
        model.addAttribute("build", builds.get(user, namespace, name));
        return "builds/cancel";
    }

    @PostMapping(path = BUILD_PATH + "/cancel", produces = MediaType.TEXT_HTML_VALUE)
    String cancel(@PathVariable String namespace, @PathVariable String name, CurrentUser user,
                  RedirectAttributes redirect) {
        builds.cancel(user, namespace, name);
        redirect.addFlashAttribute("notice", "builds.cancelled");
        return "redirect:/ai-converge/builds";
    }

    @PostMapping(path = BUILD_PATH + "/retry", produces = MediaType.TEXT_HTML_VALUE)
    String retry(@PathVariable String namespace, @PathVariable String name, CurrentUser user,
                 RedirectAttributes redirect) {
        var build = builds.retry(user, namespace, name);
        redirect.addFlashAttribute("notice", "builds.retried");
        return "redirect:/ai-converge/builds/" + namespace + "/" + build.name();
    }

    /** One answer for htmx and API clients (204); htmx is also told where to go next. */
    @DeleteMapping(BUILD_PATH)
    ResponseEntity<Void> delete(@PathVariable String namespace, @PathVariable String name, HtmxRequest htmx,
                                HttpServletRequest request, CurrentUser user) {
        builds.delete(user, namespace, name);
        var answer = ResponseEntity.noContent();
        if (htmx.isHtmxRequest()) {
            answer.header("HX-Redirect", request.getContextPath() + "/ai-converge/builds");
        }
        return answer.build();
    }

    /** Asks before deleting, for browsers without JavaScript (htmx asks with hx-confirm and sends a DELETE). */
    @GetMapping(BUILD_PATH + "/delete")
    String confirmDelete(@PathVariable String namespace, @PathVariable String name, CurrentUser user, Model model) {
        model.addAttribute("build", builds.get(user, namespace, name));
        return "builds/delete";
    }

    /** The form version of DELETE, for browsers without JavaScript. */
    @PostMapping(BUILD_PATH + "/delete")
    String deleteFromForm(@PathVariable String namespace, @PathVariable String name, CurrentUser user,
                          RedirectAttributes redirect) {
        builds.delete(user, namespace, name);
        redirect.addFlashAttribute("notice", "builds.deleted");
        return "redirect:/ai-converge/builds";
    }

    private String formPage(CurrentUser user, Model model) {
        model.addAttribute("namespaces", teams.allNamespaces().stream().filter(user::canWrite).toList());
        return "builds/form";
    }

}
