-- Readings downsampled for long-term history: per sensor and bucket (1 minute, 1 hour).
CREATE TABLE reading_aggregate (
    sensor_id    VARCHAR(64) NOT NULL,
    bucket_size  VARCHAR(8)  NOT NULL,
    bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
    min_value    DOUBLE PRECISION NOT NULL,
    max_value    DOUBLE PRECISION NOT NULL,
    avg_value    DOUBLE PRECISION NOT NULL,
    samples      INTEGER NOT NULL,
    PRIMARY KEY (sensor_id, bucket_size, bucket_start)
);

-- Up to where each bucket size has been aggregated: buckets are only written once complete.
CREATE TABLE aggregate_progress (
    bucket_size  VARCHAR(8) PRIMARY KEY,
    done_until   TIMESTAMP WITH TIME ZONE NOT NULL
);
