package dev.converge.portal.trust;

import dev.converge.portal.shared.postgres.OnPostgres;

/** The trust dashboard's integration suite with its score history stored in PostgreSQL. */
@OnPostgres(covers = {TrustHistory.class, ProvenanceRecords.class})
class TrustOnPostgresTests extends TrustIntegrationTests {
}
