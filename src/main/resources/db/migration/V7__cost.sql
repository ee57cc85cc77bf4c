-- Cost estimator (issue 16): usage samples for recommendations, daily cost snapshots for the trend and the
-- month-to-date burn, and budgets per team and month. Plain SQL that H2 and PostgreSQL both run.

-- Per deployment and sample time: how many pods ran and what one of them used on average.
CREATE TABLE cost_usage_samples (
    namespace        VARCHAR(63)  NOT NULL,
    deployment       VARCHAR(253) NOT NULL,
    sampled_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    pods             INTEGER      NOT NULL,
    cpu_millis       BIGINT       NOT NULL,
    memory_bytes     BIGINT       NOT NULL,
    PRIMARY KEY (namespace, deployment, sampled_at)
);
CREATE INDEX cost_usage_samples_time ON cost_usage_samples (sampled_at);

-- The run-rate of one day, per namespace, deployment, zone and GPU type; rewritten as the day goes on, so each
-- day has one set of rows (the last one written that day).
CREATE TABLE cost_daily_snapshots (
    snapshot_day     DATE          NOT NULL,
    namespace        VARCHAR(63)   NOT NULL,
    deployment       VARCHAR(253)  NOT NULL,
    zone             VARCHAR(63)   NOT NULL,
    gpu_type         VARCHAR(100)  NOT NULL,
    hourly_cost      DECIMAL(18,6) NOT NULL,
    idle_hourly_cost DECIMAL(18,6) NOT NULL,
    PRIMARY KEY (snapshot_day, namespace, deployment, zone, gpu_type)
);

CREATE TABLE cost_budgets (
    team             VARCHAR(63)   NOT NULL,
    budget_month     CHAR(7)       NOT NULL,
    amount           DECIMAL(16,2) NOT NULL,
    set_by           VARCHAR(100)  NOT NULL,
    set_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (team, budget_month)
);
