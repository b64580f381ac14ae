-- When each threshold condition began to hold, while it waits out its "for" duration. Kept in the
-- database so a controller restart does not start a 10-minute condition over.
CREATE TABLE threshold_pending (
    pending_key VARCHAR(200) PRIMARY KEY,
    since       TIMESTAMP WITH TIME ZONE NOT NULL
);
