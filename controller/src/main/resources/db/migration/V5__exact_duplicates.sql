-- Redeliveries are recognised by (agent, seq) exactly, since a broker may resend unacknowledged
-- messages after newer ones; reset_at marks when an agent's numbering started again (state wiped).
CREATE INDEX reading_agent_seq ON reading (agent_id, seq);
ALTER TABLE agent_boot ADD COLUMN reset_at TIMESTAMP WITH TIME ZONE;
