package dev.converge.portal.deployments.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.converge.portal.deployments.DeploymentAlreadyExists;
import dev.converge.portal.deployments.DeploymentChanged;
import dev.converge.portal.deployments.DeploymentFilter;
import dev.converge.portal.deployments.DeploymentLogs;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.deployments.DeploymentState;
import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.deployments.InvalidDeployment;
import dev.converge.portal.deployments.PodLogFollower;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.ClientKind;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
import dev.converge.portal.shared.web.PortalException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The deployments pages: list, deploy form (with preview), detail with its actions, edit form, delete confirmation
 * and zones. Forms post plain HTML and redirect after success, so everything works without JavaScript; htmx swaps
 * the list results and the preview. Bad input re-renders the form with each message beside its field.
 */
@Controller
@RequestMapping(path = "/deployments", produces = MediaType.TEXT_HTML_VALUE)
class DeploymentsPageController {

    private static final int LOG_LINES = 200;

    private final DeploymentViews views;
    private final DeploymentManager deployments;
    private final DeploymentLogs logs;
    private final Zones zones;
    private final DeploymentRows rows;
    private final MessageSource messages;

    DeploymentsPageController(DeploymentViews views, DeploymentManager deployments, DeploymentLogs logs, Zones zones,
                              DeploymentRows rows, MessageSource messages) {
        this.messages = messages;
        this.views = views;
        this.deployments = deployments;
        this.logs = logs;
        this.zones = zones;
        this.rows = rows;
    }

    @GetMapping
    String list(@ModelAttribute("filter") DeploymentFilter filter, PageParams page, CurrentUser user, Model model,
                HtmxRequest htmx, HttpServletRequest request) {
        var result = views.list(new DeploymentFilter(filter.namespace(), filter.zone(), filter.status(),
                filter.q(), filter.sort(), page.page(), page.size()), user);
        model.addAttribute("deployments", new PageView<>(result.items(), result.page(), result.size(),
                result.totalItems()));
        model.addAttribute("rows", rows.render(result.items(), RequestContextUtils.getLocale(request),
                request.getContextPath()));
        model.addAttribute("namespaces", user.namespaces());
        model.addAttribute("zones", zones.names());
        model.addAttribute("states", DeploymentState.labels());
        model.addAttribute("sorts", DeploymentFilter.SORTS);
        model.addAttribute("leftovers", views.leftovers(user));
        model.addAttribute("refreshUrl", request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        return htmx.isHtmxRequest() ? "deployments/fragments :: results" : "deployments/list";
    }

    /**
     * Prefilled from {@code namespace}, {@code image} and {@code modelUri} when given (a build's "Deploy"), and
     * {@code mlflowModel} ({@code <name>/<version>}, the registry's "Deploy this version").
     */
    @GetMapping("/new")
    String newForm(@RequestParam(required = false) String namespace, @RequestParam(required = false) String image,
                   @RequestParam(required = false) String modelUri,
                   @RequestParam(required = false) String mlflowModel, CurrentUser user, Model model) {
        var form = new DeploymentForm();
        form.setNamespace(namespace != null && user.canWrite(namespace) ? namespace
                : user.namespaces().isEmpty() ? null : user.namespaces().first());
        form.setImage(image);
        form.setModelUri(modelUri);
        form.setMlflowModel(mlflowModel);
        return form(form, user, model, false);
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String create(@ModelAttribute("form") DeploymentForm form, BindingResult binding, CurrentUser user,
                  Model model) {
        if (binding.hasErrors()) {
            return form(form, user, model, false);
        }
        // the fields' own messages come before the question about room: a form that cannot deploy asks nothing
        var spec = form.toSpec().withDefaults();
        var invalid = views.previewProblems(spec, user);
        if (invalid.isPresent()) {
            reject(binding, invalid.get());
            return form(form, user, model, false);
        }
        if (!form.isDeployAnyway() && !hasRoom(spec)) {
            model.addAttribute("confirmNoRoom", true);
            return form(form, user, model, false);
        }
        try {
            var created = deployments.create(form.toSpec(), user).summary();
            return "redirect:/deployments/" + created.namespace() + "/" + created.name();
        } catch (InvalidDeployment | DeploymentAlreadyExists e) {
            reject(binding, e);
            return form(form, user, model, false);
        }
    }

    /** The preview beside the form: the objects as a summary and as YAML, and the room each zone has. */
    @PostMapping(path = "/preview", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String preview(@ModelAttribute("form") DeploymentForm form, CurrentUser user, Model model) {
        addPreview(form, user, model);
        return "deployments/fragments :: preview";
    }

    @GetMapping("/zones")
    String zones(CurrentUser user, Model model) {
        model.addAttribute("zones", zones.summaries(user));
        return "deployments/zones";
    }

    @PostMapping("/zones/{zone}/close")
    String closeZone(@PathVariable String zone, @RequestParam(required = false) String reason, CurrentUser user) {
        zones.close(zone, reason, user);
        return "redirect:/deployments/zones";
    }

    @PostMapping("/zones/{zone}/open")
    String openZone(@PathVariable String zone, CurrentUser user) {
        zones.open(zone, user);
        return "redirect:/deployments/zones";
    }

    @GetMapping("/{namespace}/{name}")
    String detail(@PathVariable String namespace, @PathVariable String name, CurrentUser user, Model model,
                  HttpServletRequest request) {
        model.addAttribute("detail", views.get(namespace, name, user));
        model.addAttribute("canWrite", user.canWrite(namespace));
        model.addAttribute("base", request.getContextPath());
        return "deployments/detail";
    }

    /**
     * The last lines of a pod's log; with JavaScript the page then appends new lines as they come. Any Accept is
     * mapped here so the access check answers first (403/404); only a visible log refuses JSON with a 406.
     */
    @GetMapping(path = "/{namespace}/{name}/pods/{pod}/logs", produces = MediaType.ALL_VALUE)
    String logs(@PathVariable String namespace, @PathVariable String name, @PathVariable String pod,
                CurrentUser user, Model model, HtmxRequest htmx, HttpServletRequest request)
            throws HttpMediaTypeNotAcceptableException {
        model.addAttribute("detail", views.get(namespace, name, user));
        if (!ClientKind.accepts(request, MediaType.TEXT_HTML)) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.TEXT_HTML));
        }
        model.addAttribute("pod", pod);
        model.addAttribute("lines", logs.lastLines(namespace, name, pod, LOG_LINES, user));
        model.addAttribute("logEvent", PodLogFollower.eventName(namespace, pod));
        model.addAttribute("renewEvery", PodLogFollower.RENEW_EVERY.toSeconds());
        logs.follow(namespace, name, pod, user);
        return htmx.isHtmxRequest() ? "deployments/fragments :: logs" : "deployments/logs";
    }

    /** Renews the live follow while the log is on screen (see {@link PodLogFollower}). */
    @GetMapping("/{namespace}/{name}/pods/{pod}/logs/follow")
    ResponseEntity<Void> followLog(@PathVariable String namespace, @PathVariable String name,
                                   @PathVariable String pod, CurrentUser user) {
        logs.follow(namespace, name, pod, user);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/{namespace}/{name}/pods/{pod}/logs", params = "download", produces = MediaType.ALL_VALUE)
    ResponseEntity<String> downloadLog(@PathVariable String namespace, @PathVariable String name,
                                       @PathVariable String pod, CurrentUser user, HttpServletRequest request)
            throws HttpMediaTypeNotAcceptableException {
        var text = logs.fullLog(namespace, name, pod, user);
        if (!ClientKind.accepts(request, MediaType.TEXT_PLAIN)) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.TEXT_PLAIN));
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(pod + ".log").build().toString())
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .body(text);
    }

    /**
     * The edit form; a cost recommendation prefills the values it suggests ({@code cpu}, {@code memory}, {@code gpu},
     * {@code replicas}, {@code zone}, {@code capacity}, {@code schedule}). Nothing changes until the user saves the
     * form, which validates them like any other value.
     */
    @GetMapping("/{namespace}/{name}/edit")
    String editForm(@PathVariable String namespace, @PathVariable String name,
                    @RequestParam(required = false) String cpu, @RequestParam(required = false) String memory,
                    @RequestParam(required = false) Integer gpu, @RequestParam(required = false) Integer replicas,
                    @RequestParam(required = false) String zone, @RequestParam(required = false) String capacity,
                    @RequestParam(required = false) String schedule, CurrentUser user, Model model) {
        var form = DeploymentForm.of(views.specForEdit(namespace, name, user));
        form.suggest(cpu, memory, gpu, replicas, zone, capacity, schedule);
        return form(form, user, model, true);
    }

    @PostMapping(path = "/{namespace}/{name}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String update(@PathVariable String namespace, @PathVariable String name,
                  @ModelAttribute("form") DeploymentForm form, BindingResult binding, CurrentUser user, Model model,
                  RedirectAttributes redirect, HttpServletRequest request) {
        if (binding.hasErrors()) {
            return form(targeting(form, namespace, name), user, model, true);
        }
        try {
            deployments.update(namespace, name, form.toSpec(), user);
            redirect.addFlashAttribute("notice", "deployments.notice.updated");
            return "redirect:/deployments/" + namespace + "/" + name;
        } catch (DeploymentChanged e) {
            model.addAttribute("conflict", messages.getMessage(e.detailCode(), e.detailArgs(), e.detailCode(),
                    RequestContextUtils.getLocale(request)));
            return form(targeting(form, namespace, name), user, model, true);
        } catch (InvalidDeployment e) {
            reject(binding, e);
            return form(targeting(form, namespace, name), user, model, true);
        }
    }

    /** The confirmation step of a redeploy: a page of its own, so it works without JavaScript. */
    @GetMapping("/{namespace}/{name}/redeploy")
    String confirmRedeploy(@PathVariable String namespace, @PathVariable String name, CurrentUser user,
                           Model model) {
        model.addAttribute("detail", views.get(namespace, name, user));
        return "deployments/redeploy";
    }

    /** Choosing the revision to roll back to, with what it would change, before confirming. */
    @GetMapping("/{namespace}/{name}/rollback")
    String confirmRollback(@PathVariable String namespace, @PathVariable String name,
                           @RequestParam(required = false) Integer revision, CurrentUser user, Model model) {
        model.addAttribute("preview", views.rollbackPreview(namespace, name, revision, user));
        return "deployments/rollback";
    }

    @PostMapping("/{namespace}/{name}/redeploy")
    String redeploy(@PathVariable String namespace, @PathVariable String name, CurrentUser user,
                    RedirectAttributes redirect) {
        deployments.redeploy(namespace, name, user);
        redirect.addFlashAttribute("notice", "deployments.notice.redeployed");
        return "redirect:/deployments/" + namespace + "/" + name;
    }

    @PostMapping(path = "/{namespace}/{name}/scale", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String scale(@PathVariable String namespace, @PathVariable String name,
                 @RequestParam(required = false) Integer replicas, CurrentUser user, RedirectAttributes redirect) {
        deployments.scale(namespace, name, replicas, user);
        redirect.addFlashAttribute("notice", "deployments.notice.scaled");
        return "redirect:/deployments/" + namespace + "/" + name;
    }

    /** {@code revision}: the one chosen on the confirmation page; without it, the one before the current one. */
    @PostMapping("/{namespace}/{name}/rollback")
    String rollback(@PathVariable String namespace, @PathVariable String name,
                    @RequestParam(required = false) Integer revision, CurrentUser user,
                    RedirectAttributes redirect) {
        deployments.rollback(namespace, name, revision, user);
        redirect.addFlashAttribute("notice", "deployments.notice.rolledBack");
        return "redirect:/deployments/" + namespace + "/" + name;
    }

    /** The confirmation step of a delete: a page of its own, so it works without JavaScript. */
    @GetMapping("/{namespace}/{name}/delete")
    String confirmDelete(@PathVariable String namespace, @PathVariable String name, CurrentUser user, Model model) {
        model.addAttribute("detail", views.get(namespace, name, user));
        return "deployments/delete";
    }

    @PostMapping("/{namespace}/{name}/delete")
    String delete(@PathVariable String namespace, @PathVariable String name, CurrentUser user,
                  RedirectAttributes redirect) {
        deployments.delete(namespace, name, user);
        redirect.addFlashAttribute("notice", "deployments.notice.deleted");
        return "redirect:/deployments";
    }

    /**
     * The edit form re-shown after an error posts back to the deployment of the URL; a changed name the manager
     * refused stays visible as the field's rejected value, beside its message.
     */
    private static DeploymentForm targeting(DeploymentForm form, String namespace, String name) {
        form.setNamespace(namespace);
        form.setName(name);
        return form;
    }

    private String form(DeploymentForm form, CurrentUser user, Model model, boolean editing) {
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("namespaces", user.namespaces());
        model.addAttribute("zones", zones.summaries(user));
        model.addAttribute("protocols", DeploymentSpec.PROTOCOLS);
        model.addAttribute("strategies", DeploymentSpec.Placement.STRATEGIES);
        model.addAttribute("capacities", DeploymentSpec.CAPACITIES);
        model.addAttribute("schedules", DeploymentSpec.SCHEDULES);
        model.addAttribute("workingHours", views.workingHours());
        model.addAttribute("gpuTypes", zones.summaries(user).stream().flatMap(z -> z.gpus().keySet().stream())
                .distinct().sorted().toList());
        addPreview(form, user, model);
        return "deployments/form";
    }

    private void addPreview(DeploymentForm form, CurrentUser user, Model model) {
        var spec = form.toSpec().withDefaults();
        model.addAttribute("spec", spec);
        var yaml = views.previewYaml(spec, user);
        model.addAttribute("yaml", yaml);
        model.addAttribute("previewProblems", yaml != null ? List.of() : views.previewProblems(spec, user)
                .map(problem -> problem.fieldErrors().entrySet().stream()
                        .map(e -> new PreviewProblem(DeploymentForm.fieldOf(e.getKey()),
                                messages.getMessage(e.getValue(), problem.fieldArgs(e.getKey()), e.getValue(),
                                        LocaleContextHolder.getLocale())))
                        .toList())
                .orElse(List.of()));
        var room = views.room(spec.resources());
        model.addAttribute("room", room);
        model.addAttribute("noRoom", !hasRoom(spec, room));
    }

    private boolean hasRoom(DeploymentSpec spec) {
        return hasRoom(spec, views.room(spec.resources()));
    }

    /** Whether one zone the spec allows has room for at least one pod of its size now. */
    private static boolean hasRoom(DeploymentSpec spec, Map<String, Integer> room) {
        var placement = spec.zones();
        var allowed = placement == null || DeploymentSpec.Placement.ANY.equals(placement.strategy())
                || placement.zones().isEmpty() ? room.keySet() : placement.zones();
        return allowed.stream().anyMatch(zone -> room.getOrDefault(zone, 0) > 0);
    }

    /** Each message key beside its field; a text that is no key is shown as it is. */
    private static void reject(BindingResult binding, PortalException problem) {
        problem.fieldErrors().forEach((field, code) ->
                binding.rejectValue(DeploymentForm.fieldOf(field), code, problem.fieldArgs(field), code));
    }

    /** A field the preview waits for: the id of its control (the link target) and what is wrong with it. */
    record PreviewProblem(String field, String message) {
    }
}
