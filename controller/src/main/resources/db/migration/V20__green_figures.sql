-- The green figures' own history, rolled up per hour from the 1-minute aggregates and kept for the
-- yearly reports long after those are deleted. covered_s: the seconds of the hour with data.
CREATE TABLE energy_hour (
    sensor_id    VARCHAR(64) NOT NULL,
    hour_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    energy_wh    DOUBLE PRECISION NOT NULL,
    covered_s    INTEGER NOT NULL,
    peak_w       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (sensor_id, hour_start)
);

-- PUE's two energies over the same minutes: those in which every facility and every IT meter had data.
CREATE TABLE pue_hour (
    hour_start   TIMESTAMP WITH TIME ZONE PRIMARY KEY,
    facility_wh  DOUBLE PRECISION NOT NULL,
    it_wh        DOUBLE PRECISION NOT NULL,
    matched_s    INTEGER NOT NULL
);

-- Rack inlet temperature: seconds with data, and within ASHRAE's recommended and allowable ranges.
CREATE TABLE inlet_hour (
    sensor_id     VARCHAR(64) NOT NULL,
    hour_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    covered_s     INTEGER NOT NULL,
    recommended_s INTEGER NOT NULL,
    allowable_s   INTEGER NOT NULL,
    PRIMARY KEY (sensor_id, hour_start)
);

-- Up to where the hours have been rolled up.
CREATE TABLE green_progress (
    id          INTEGER PRIMARY KEY,
    done_until  TIMESTAMP WITH TIME ZONE NOT NULL
);
