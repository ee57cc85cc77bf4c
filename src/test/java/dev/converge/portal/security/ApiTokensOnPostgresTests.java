package dev.converge.portal.security;

import dev.converge.portal.shared.postgres.OnPostgres;

/** {@link ApiTokensTests} against PostgreSQL. */
@OnPostgres
class ApiTokensOnPostgresTests extends ApiTokensTests {
}
