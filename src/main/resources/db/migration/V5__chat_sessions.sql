-- Chat sessions and their messages (the chat manager). Each session belongs to one user (owner); every query of
-- the portal names the owner. Plain SQL that runs on H2 and PostgreSQL alike (no CLOB/TEXT: VARCHAR is both).
CREATE TABLE chat_sessions (
    id             VARCHAR(36)    PRIMARY KEY,
    owner          VARCHAR(253)   NOT NULL,
    title          VARCHAR(200)   NOT NULL,
    model          VARCHAR(400)   NOT NULL,
    system_prompt  VARCHAR(20000),
    temperature    DOUBLE PRECISION,
    max_tokens     INT,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX chat_sessions_owner ON chat_sessions (owner, updated_at);

-- status: done | streaming (being generated, saved at least every second) | interrupted (reason says why)
CREATE TABLE chat_messages (
    id                 VARCHAR(36)     PRIMARY KEY,
    session_id         VARCHAR(36)     NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    seq                BIGINT          NOT NULL,
    role               VARCHAR(16)     NOT NULL,
    content            VARCHAR(1000000) NOT NULL,
    model              VARCHAR(400),
    status             VARCHAR(16)     NOT NULL,
    reason             VARCHAR(1000),
    prompt_tokens      INT,
    completion_tokens  INT,
    first_token_ms     BIGINT,
    total_ms           BIGINT,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT chat_messages_seq UNIQUE (session_id, seq)
);
