package dev.converge.portal.security;

import dev.converge.portal.shared.postgres.OnPostgres;

/** {@link SsoAccountsTests} against PostgreSQL. */
@OnPostgres
class SsoAccountsOnPostgresTests extends SsoAccountsTests {
}
