-- The last boot counter heard from each agent: a lower one means the agent's state was wiped,
-- so its sequence numbers start again from zero and must not be taken for redeliveries.
CREATE TABLE agent_boot (
    agent_id    VARCHAR(64) PRIMARY KEY,
    boot_seq    BIGINT      NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
