-- What staff do with alarms: acknowledge (who, when, why), latched alarms (smoke) that stay until
-- an operator resets them once their condition is gone, and who did each change.
ALTER TABLE alarm ADD COLUMN latched BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE alarm ADD COLUMN condition_present BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE alarm ADD COLUMN ack_by VARCHAR(64);
ALTER TABLE alarm ADD COLUMN ack_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE alarm ADD COLUMN ack_comment VARCHAR(400);
ALTER TABLE alarm_change ADD COLUMN actor VARCHAR(64);
ALTER TABLE alarm_change ADD COLUMN comment VARCHAR(400);
ALTER TABLE alarm_change ALTER COLUMN change SET DATA TYPE VARCHAR(32);

-- Shelved (silenced) alarms, per source and type so a condition that clears and returns during
-- maintenance stays silent; always with an expiry and a reason. Shelved alarms are still recorded.
CREATE TABLE alarm_shelf (
    source      VARCHAR(64)  NOT NULL,
    type        VARCHAR(64)  NOT NULL,
    until_ts    TIMESTAMP WITH TIME ZONE NOT NULL,
    shelved_by  VARCHAR(64)  NOT NULL,
    reason      VARCHAR(400) NOT NULL,
    shelved_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source, type)
);

-- Local users. Passwords are bcrypt hashes; a first-start admin must change the one-time password.
CREATE TABLE app_user (
    name          VARCHAR(64)  PRIMARY KEY,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(32)  NOT NULL,
    must_change_password BOOLEAN DEFAULT FALSE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Signed-in sessions: only a hash of the bearer token is kept, so a database dump signs no one in.
CREATE TABLE user_session (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    user_name   VARCHAR(64)  NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
