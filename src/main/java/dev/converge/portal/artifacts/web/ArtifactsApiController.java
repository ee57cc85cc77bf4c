package dev.converge.portal.artifacts.web;

import java.net.URI;
import java.util.List;

import dev.converge.portal.artifacts.Artifact;
import dev.converge.portal.artifacts.ArtifactSummary;
import dev.converge.portal.artifacts.Artifacts;
import dev.converge.portal.security.CurrentUser;
import dev.converge.portal.shared.web.PageParams;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The model artifacts JSON API (see docs/api.md): the same {@link Artifacts} calls as the pages, for API clients.
 * The list is a JSON array with the paging in {@code X-Total-Count}, {@code X-Page} and {@code X-Total-Pages}.
 * Downloads and deletes answer every client alike and live in {@link ArtifactsPageController}.
 */
@RestController
@RequestMapping(produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
class ArtifactsApiController {

    private final Artifacts artifacts;

    ArtifactsApiController(Artifacts artifacts) {
        this.artifacts = artifacts;
    }

    @GetMapping("/artifacts")
    ResponseEntity<List<ArtifactSummary>> list(@RequestParam(required = false) String namespace,
                                        @RequestParam(required = false) String q, PageParams pageParams,
                                        CurrentUser user) {
        var page = artifacts.list(user, ArtifactsPageController.blankToNull(namespace), q, pageParams.page(), pageParams.size());
        return ResponseEntity.ok()
                .header("X-Total-Count", Long.toString(page.totalItems()))
                .header("X-Page", Integer.toString(page.page()))
                .header("X-Total-Pages", Integer.toString(page.totalPages()))
                .body(page.items());
    }

    @PostMapping(path = "/artifacts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Artifact> upload(@ModelAttribute("form") ArtifactForm form,
                                    @RequestParam(required = false) MultipartFile file, CurrentUser user) {
        var artifact = artifacts.upload(user, form.toUpload(file));
        return ResponseEntity.created(URI.create("/artifacts/" + artifact.key())).body(artifact);
    }

    @GetMapping("/artifacts/teams/{team}/{name}/{version}/{file}")
    Artifact detail(@PathVariable String team, @PathVariable String name, @PathVariable String version,
                    @PathVariable String file, CurrentUser user) {
        return artifacts.get(user, ArtifactsPageController.key(team, name, version, file));
    }
}
