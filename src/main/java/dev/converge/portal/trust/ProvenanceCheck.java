package dev.converge.portal.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.converge.portal.builds.Build;
import dev.converge.portal.builds.BuildStatus;

/**
 * Provenance: the artifact's SHA-256 recorded at upload → a build that Succeeded (its fetch step checked that very
 * sum, or it would not have run) → the image it pushed, pinned by digest → the deployment running that image.
 */
final class ProvenanceCheck {

    /**
     * What the chain is built from: the subject's image, the build that pushed it and the artifact's recorded sum.
     * {@code storedAt} is set when the build pod is gone and the chain comes from {@link ProvenanceRecords}, as
     * established then.
     */
    record Facts(String image, Build build, String recordedSha256, Instant storedAt) {

        Facts(String image, Build build, String recordedSha256) {
            this(image, build, recordedSha256, null);
        }
    }

    record Result(Verdict verdict, List<ChainLink> chain) {
    }

    private ProvenanceCheck() {
    }

    static Result check(TrustSubject subject, Facts facts) {
        if (facts.image() == null) {
            return new Result(Verdict.notApplicable(TrustSubject.RAG.equals(subject.kind())
                    ? "trust.provenance.na.portalRuntime" : "trust.provenance.na.noImage"), List.of());
        }
        if (TrustSubject.RAG.equals(subject.kind())) {
            return runtimeImage(subject, facts.image());
        }
        var image = facts.image();
        var build = facts.build();
        var chain = new ArrayList<ChainLink>();
        var subjectPath = subject.path();
        boolean pinned = image.contains("@sha256:");
        if (build != null) {
            chain.add(new ChainLink("artifact", build.artifact(), facts.recordedSha256() != null
                    && facts.recordedSha256().equals(build.sha256()), "/artifacts/" + build.artifact()));
            // a build deleted by retention has no page left to link to
            chain.add(new ChainLink("build", build.name(), build.status() == BuildStatus.SUCCEEDED,
                    facts.storedAt() != null ? null : "/builds/" + build.namespace() + "/" + build.name()));
        }
        chain.add(new ChainLink("image", image, pinned, null));
        chain.add(new ChainLink(subject.kind(), subject.namespace() + "/" + subject.name(), true, subjectPath));
        var evidence = new ArrayList<Verdict.Line>();
        evidence.add(new Verdict.Line("trust.provenance.evidence.image", image));
        Optional.ofNullable(build).ifPresent(b -> {
            evidence.add(new Verdict.Line("trust.provenance.evidence.build", b.name(), b.status().phase()));
            evidence.add(new Verdict.Line("trust.provenance.evidence.buildSha", b.artifact(), b.sha256()));
        });
        if (facts.storedAt() != null) {
            evidence.add(new Verdict.Line("trust.provenance.evidence.stored", build.name(), facts.storedAt()));
        }
        if (facts.recordedSha256() != null) {
            evidence.add(new Verdict.Line("trust.provenance.evidence.recordedSha", facts.recordedSha256()));
        }
        return new Result(verdict(image, pinned, build, facts.recordedSha256()).withEvidence(evidence), chain);
    }

    private static Verdict verdict(String image, boolean pinned, Build build, String recorded) {
        if (!pinned) {
            return Verdict.fail("/builds", latest(image) ? "trust.provenance.fail.latest"
                    : "trust.provenance.fail.notPinned", image);
        }
        if (build == null) {
            return Verdict.fail("/builds", "trust.provenance.fail.noBuild", image);
        }
        if (build.sha256() == null || build.artifact() == null) {
            return Verdict.fail("/builds", "trust.provenance.fail.buildUnchecked", build.name());
        }
        if (recorded == null) {
            return Verdict.fail("/artifacts", "trust.provenance.fail.noRecordedSha", build.artifact());
        }
        if (!recorded.equals(build.sha256())) {
            return Verdict.fail("/artifacts", "trust.provenance.fail.shaMismatch", build.artifact(), recorded,
                    build.sha256());
        }
        return Verdict.pass(null, "trust.provenance.pass", build.artifact(), build.name());
    }

    /**
     * A RAG model that names its own runtime image runs it, not an image built from an uploaded artifact: there is no
     * artifact or build to chain (one running the portal's own image has no image of its own, see above). What still decides whether the same code runs
     * tomorrow is that the image is pinned by digest, so that is the check; the chain is image → RAG model.
     */
    private static Result runtimeImage(TrustSubject subject, String image) {
        var path = subject.path();
        boolean pinned = image.contains("@sha256:");
        var chain = List.of(new ChainLink("image", image, pinned, null),
                new ChainLink(subject.kind(), subject.namespace() + "/" + subject.name(), true, path));
        var evidence = List.of(new Verdict.Line("trust.provenance.evidence.image", image));
        var verdict = pinned ? Verdict.pass(null, "trust.provenance.pass.rag", image)
                : Verdict.fail(path, "trust.provenance.fail.ragNotPinned", image);
        return new Result(verdict.withEvidence(evidence), chain);
    }

    /** {@code :latest} or no tag at all, which means latest. */
    static boolean latest(String image) {
        var withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        var lastPart = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        return !lastPart.contains(":") || lastPart.endsWith(":latest");
    }
}
