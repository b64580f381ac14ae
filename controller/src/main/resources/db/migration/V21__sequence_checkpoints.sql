-- What the controller knows of each agent's sequence numbers: the highest seen, the gaps still
-- awaited, the ranges announced as skipped by restarts, and what was declared lost. Kept so that a
-- controller restart neither forgets a gap nor invents one. A row holds the agents (at most 100)
-- whose state changed, as JSON, and is written in the same transaction as the batch of messages
-- that changed them; one row per transaction, not one per agent, which would double the index
-- writes of ingest. Now and then a row set with every agent replaces the rows before it. VARCHAR
-- without a length is unbounded in both H2 (up to 1,000,000 characters) and PostgreSQL.
CREATE TABLE sequence_checkpoint (
    id         BIGINT       PRIMARY KEY,
    agents     VARCHAR      NOT NULL,
    written_at TIMESTAMP WITH TIME ZONE NOT NULL
);
