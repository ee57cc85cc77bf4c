package dev.converge.portal.deployments;

import dev.converge.portal.shared.postgres.OnPostgres;

/** {@link DeploymentRevisionsTests} against PostgreSQL. */
@OnPostgres
class DeploymentRevisionsOnPostgresTests extends DeploymentRevisionsTests {
}
