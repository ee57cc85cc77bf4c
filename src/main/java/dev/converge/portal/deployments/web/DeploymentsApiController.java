package dev.converge.portal.deployments.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.converge.portal.deployments.DeploymentDetail;
import dev.converge.portal.deployments.DeploymentFilter;
import dev.converge.portal.deployments.DeploymentManager;
import dev.converge.portal.deployments.DeploymentSpec;
import dev.converge.portal.deployments.DeploymentSummary;
import dev.converge.portal.deployments.DeploymentViews;
import dev.converge.portal.deployments.ZoneSummary;
import dev.converge.portal.deployments.Zones;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import dev.converge.portal.shared.web.PageView;
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
import org.springframework.web.bind.annotation.RestController;

/** The deployments JSON API (see docs/api.md): the same view and manager calls as the pages, for API clients. */
@RestController
@RequestMapping(path = "/deployments", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
class DeploymentsApiController {

    private final DeploymentViews views;
    private final DeploymentManager deployments;
    private final Zones zones;

    DeploymentsApiController(DeploymentViews views, DeploymentManager deployments, Zones zones) {
        this.views = views;
        this.deployments = deployments;
        this.zones = zones;
    }

    @GetMapping
    PageView<DeploymentSummary> list(@RequestParam(required = false) String namespace,
                                     @RequestParam(required = false) String zone,
                                     @RequestParam(required = false) String status,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(required = false) String sort,
                                     PageParams page, CurrentUser user) {
        var result = views.list(new DeploymentFilter(namespace, zone, status, q, sort, page.page(),
                page.size()), user);
        return new PageView<>(result.items(), result.page(), result.size(), result.totalItems());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeploymentDetail> create(@RequestBody DeploymentSpec spec, CurrentUser user) {
        var created = deployments.create(spec, user);
        var summary = created.summary();
        return ResponseEntity.created(URI.create("/deployments/" + summary.namespace() + "/" + summary.name()))
                .body(created);
    }

    @GetMapping("/zones")
    List<ZoneSummary> zones(CurrentUser user) {
        return zones.summaries(user);
    }

    @PostMapping(path = "/zones/{zone}/close", consumes = MediaType.APPLICATION_JSON_VALUE)
    ZoneSummary close(@PathVariable String zone, @RequestBody ZoneClosing closing, CurrentUser user) {
        zones.close(zone, closing.reason(), user);
        return zones.summary(zone, user);
    }

    @PostMapping("/zones/{zone}/open")
    ZoneSummary open(@PathVariable String zone, CurrentUser user) {
        zones.open(zone, user);
        return zones.summary(zone, user);
    }

    @GetMapping("/{namespace}/{name}")
    DeploymentDetail get(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        return views.get(namespace, name, user);
    }

    @PutMapping(path = "/{namespace}/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    DeploymentDetail update(@PathVariable String namespace, @PathVariable String name,
                            @RequestBody DeploymentSpec spec, CurrentUser user) {
        return deployments.update(namespace, name, spec, user);
    }

    @DeleteMapping("/{namespace}/{name}")
    ResponseEntity<Void> delete(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        deployments.delete(namespace, name, user);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{namespace}/{name}/redeploy")
    DeploymentDetail redeploy(@PathVariable String namespace, @PathVariable String name, CurrentUser user) {
        return deployments.redeploy(namespace, name, user);
    }

    @PostMapping(path = "/{namespace}/{name}/scale", consumes = MediaType.APPLICATION_JSON_VALUE)
    DeploymentDetail scale(@PathVariable String namespace, @PathVariable String name,
                           @RequestBody Map<String, Integer> body, CurrentUser user) {
        return deployments.scale(namespace, name, body.get("replicas"), user);
    }

    /** Without a body (or without {@code revision}): back to the revision before the current one. */
    @PostMapping("/{namespace}/{name}/rollback")
    DeploymentDetail rollback(@PathVariable String namespace, @PathVariable String name,
                              @RequestBody(required = false) RollbackRequest body, CurrentUser user) {
        return deployments.rollback(namespace, name, body == null ? null : body.revision(), user);
    }

    record RollbackRequest(Integer revision) {
    }

    record ZoneClosing(String reason) {
    }
}
