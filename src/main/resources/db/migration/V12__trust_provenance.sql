-- Trust dashboard (issue 17): a provenance chain as first established, so that it outlives the build pod that build
-- retention deletes. One row per image (pinned by digest) and namespace: the artifact's key and the SHA-256 recorded
-- at upload, the build that pushed the image and the checksum it verified, and the subject first seen running it.
-- Plain SQL that H2 and PostgreSQL both run.
CREATE TABLE trust_provenance (
    namespace        VARCHAR(63)   NOT NULL,
    image            VARCHAR(600)  NOT NULL,
    artifact_key     VARCHAR(1024) NOT NULL,
    artifact_sha256  VARCHAR(64)   NOT NULL,
    build_name       VARCHAR(253)  NOT NULL,
    build_sha256     VARCHAR(64)   NOT NULL,
    subject_kind     VARCHAR(20)   NOT NULL,
    subject_name     VARCHAR(253)  NOT NULL,
    established_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT trust_provenance_pk PRIMARY KEY (namespace, image)
);
