-- The last revision number handed out per deployment. Writers of one deployment take turns on this row, and a
-- number is never handed out twice, even after the oldest revisions were cleaned up.
CREATE TABLE deployment_revision_counters (
    namespace     VARCHAR(63) NOT NULL,
    name          VARCHAR(63) NOT NULL,
    last_revision INT         NOT NULL,
    PRIMARY KEY (namespace, name)
);

INSERT INTO deployment_revision_counters (namespace, name, last_revision)
SELECT namespace, name, MAX(revision) FROM deployment_revisions GROUP BY namespace, name;
