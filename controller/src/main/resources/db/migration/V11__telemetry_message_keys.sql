-- Redeliveries are recognised by one row per stored telemetry message instead of an index over
-- every reading: at 20 readings a message, ingest maintains one index entry where it kept twenty.
-- received_at (as in reading) tells keys from before an agent's numbering restarted, and lets
-- retention drop keys together with the raw readings.
CREATE TABLE telemetry_message (
    agent_id    VARCHAR(64)  NOT NULL,
    seq         BIGINT       NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX telemetry_message_agent_seq ON telemetry_message (agent_id, seq);
CREATE INDEX telemetry_message_received ON telemetry_message (received_at);
INSERT INTO telemetry_message (agent_id, seq, received_at) SELECT DISTINCT agent_id, seq, received_at FROM reading;
DROP INDEX reading_agent_seq;
