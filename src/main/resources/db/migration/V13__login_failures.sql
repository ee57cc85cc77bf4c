-- Failed sign-ins per typed user name ("user:<name>") and per client address ("address:<ip>"), shared by every
-- replica so that the sign-in throttle counts one user's guesses wherever they land. Times are epoch milliseconds.
CREATE TABLE login_failures (
    throttle_key  VARCHAR(300) NOT NULL,
    window_start  BIGINT,
    last_failure  BIGINT       NOT NULL,
    locked_until  BIGINT,
    failures      INT          NOT NULL,
    locks         INT          NOT NULL,
    CONSTRAINT login_failures_pk PRIMARY KEY (throttle_key)
);
CREATE INDEX login_failures_last_failure ON login_failures (last_failure);
