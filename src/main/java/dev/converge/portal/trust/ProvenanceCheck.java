package dev.converge.portal.trust;

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

    /** What the chain is built from: the subject's image, the build that pushed it and the artifact's recorded sum. */
    record Facts(String image, Build build, String recordedSha256) {
    }

    record Result(Verdict verdict, List<ChainLink> chain) {
    }

    private ProvenanceCheck() {
    }

    static Result check(TrustSubject subject, Facts facts) {
        if (facts.image() == null) {
            return new Result(Verdict.notApplicable("trust.provenance.na.noImage"), List.of());
        }
        var image = facts.image();
        var build = facts.build();
        var chain = new ArrayList<ChainLink>();
        var subjectPath = "/deployments/" + subject.namespace() + "/" + subject.name();
        boolean pinned = image.contains("@sha256:");
        if (build != null) {
            chain.add(new ChainLink("artifact", build.artifact(), facts.recordedSha256() != null
                    && facts.recordedSha256().equals(build.sha256()), "/artifacts/" + build.artifact()));
            chain.add(new ChainLink("build", build.name(), build.status() == BuildStatus.SUCCEEDED,
                    "/builds/" + build.namespace() + "/" + build.name()));
        }
        chain.add(new ChainLink("image", image, pinned, null));
        chain.add(new ChainLink(subject.kind(), subject.namespace() + "/" + subject.name(), true, subjectPath));
        var evidence = new ArrayList<Verdict.Line>();
        evidence.add(new Verdict.Line("trust.provenance.evidence.image", image));
        Optional.ofNullable(build).ifPresent(b -> {
            evidence.add(new Verdict.Line("trust.provenance.evidence.build", b.name(), b.status().phase()));
            evidence.add(new Verdict.Line("trust.provenance.evidence.buildSha", b.artifact(), b.sha256()));
        });
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

    /** {@code :latest} or no tag at all, which means latest. */
    static boolean latest(String image) {
        var withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        var lastPart = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        return !lastPart.contains(":") || lastPart.endsWith(":latest");
    }
}
