-- The unit of an alarm's values, as the rule that raised it set it: not always its source sensor's
-- (a dew-point alarm's source is a humidity sensor, its values are degrees Celsius). Null for alarms
-- without values; the dew-point alarms raised before this column are in degrees Celsius.
ALTER TABLE alarm ADD COLUMN unit VARCHAR(16);
UPDATE alarm SET unit = 'C' WHERE type IN ('dew-point-high', 'dew-point-low');
