package dev.converge.portal.cost;

import dev.converge.portal.shared.postgres.OnPostgres;

/** The cost estimator's integration suite with its snapshots, samples and budgets stored in PostgreSQL. */
@OnPostgres(covers = {CostHistory.class, Budgets.class})
class CostOnPostgresTests extends CostIntegrationTests {
}
