-- The append-only audit log: each record carries the hash of the one before it (a hash chain), so
-- a changed, deleted or reordered row shows when the chain is walked. The anchor says where the
-- chain starts after old records were deleted by retention; checkpoints are the chain head signed
-- with the controller's Ed25519 key, as published to the NOC.
CREATE TABLE audit_record (
    seq        BIGINT        PRIMARY KEY,
    ts         TIMESTAMP WITH TIME ZONE NOT NULL,
    category   VARCHAR(16)   NOT NULL,
    type       VARCHAR(48)   NOT NULL,
    actor      VARCHAR(80),
    subject    VARCHAR(80),
    detail     VARCHAR(4000),
    agent_ts   TIMESTAMP WITH TIME ZONE,
    prev_hash  VARCHAR(64)   NOT NULL,
    hash       VARCHAR(64)   NOT NULL
);
CREATE INDEX audit_record_ts ON audit_record (ts);

CREATE TABLE audit_anchor (
    id         INTEGER       PRIMARY KEY,
    first_seq  BIGINT        NOT NULL,
    prev_hash  VARCHAR(64)   NOT NULL
);

CREATE TABLE audit_checkpoint (
    seq        BIGINT        PRIMARY KEY,
    hash       VARCHAR(64)   NOT NULL,
    ts         TIMESTAMP WITH TIME ZONE NOT NULL,
    signature  VARCHAR(200)  NOT NULL
);

-- Keys of records that must be written once only, e.g. an agent's event that the broker delivers
-- again after a reconnect: the key and the record commit together.
CREATE TABLE audit_once (
    once_key   VARCHAR(160)  PRIMARY KEY
);
