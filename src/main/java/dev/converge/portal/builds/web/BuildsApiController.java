package dev.converge.portal.builds.web;

import java.net.URI;
import java.util.List;

import dev.converge.portal.builds.Build;
import dev.converge.portal.builds.BuildDetail;
import dev.converge.portal.builds.BuildRequest;
import dev.converge.portal.builds.BuildStatus;
import dev.converge.portal.builds.Builds;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The builder's JSON API (see docs/api.md): the same {@link Builds} calls as the pages, for API clients. Lists are
 * a JSON array with the paging in {@code X-Total-Count}, {@code X-Page} and {@code X-Total-Pages}.
 */
@RestController
class BuildsApiController {

    private static final String BUILD_PATH = "/ai-converge/builds/{namespace}/{name}";

    private final Builds builds;

    BuildsApiController(Builds builds) {
        this.builds = builds;
    }

    @PostMapping(path = "/ai-converge/build", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Build> create(@RequestBody BuildRequest request, CurrentUser user) {
        var build = builds.create(user, request);
        return ResponseEntity.created(URI.create("/ai-converge/builds/" + build.namespace() + "/" + build.name()))
                .body(build);
    }

    @GetMapping(path = "/ai-converge/builds", produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<List<Build>> board(@RequestParam(required = false) String namespace,
                                      @RequestParam(required = false) String q, PageParams pageParams,
                                      CurrentUser user) {
        return list("all", namespace, q, pageParams, user);
    }

    @GetMapping(path = "/ai-converge/builds/{build_status}", produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<List<Build>> list(@PathVariable("build_status") String status,
                                     @RequestParam(required = false) String namespace,
                                     @RequestParam(required = false) String q, PageParams pageParams,
                                     CurrentUser user) {
        var ns = namespace == null || namespace.isBlank() ? null : namespace;
        var page = builds.list(user, BuildStatus.parseFilter(status), ns, q, pageParams.page(), pageParams.size());
        return ResponseEntity.ok()
                .header("X-Total-Count", Long.toString(page.totalItems()))
                .header("X-Page", Integer.toString(page.page()))
                .header("X-Total-Pages", Integer.toString(page.totalPages()))
                .body(page.items());
    }

    @GetMapping(path = BUILD_PATH, produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    BuildDetail detail(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        return builds.detail(user, namespace, name);
    }

    @PostMapping(path = BUILD_PATH + "/cancel", produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<Void> cancel(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        builds.cancel(user, namespace, name);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = BUILD_PATH + "/retry", produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<Build> retry(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        var build = builds.retry(user, namespace, name);
        return ResponseEntity.created(URI.create("/ai-converge/builds/" + namespace + "/" + build.name()))
                .body(build);
    }
}
