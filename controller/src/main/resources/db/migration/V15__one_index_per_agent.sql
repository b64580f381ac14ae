-- One per-agent index instead of two. With many agents nearly every message lands on index pages
-- of its own, and each commit rewrites every page it touched: the (agent_id, seq) index cost ingest
-- about as much as the row itself. A redelivery is now found through (agent_id, last_ts): its
-- readings are those of the first delivery, so the stored row lies within their span.
DROP INDEX telemetry_agent_seq;
