-- The time PUE leaves out, per hour, apart from the minutes without every meter's data: minutes in
-- which a UPS discharged (the IT load ran from the battery while the facility meter read almost
-- nothing), and minutes whose facility energy was below the IT energy (an unreported discharge or a
-- faulty meter). Hours rolled up before this have 0 here; GreenFigures leaves out any such hour whose
-- facility energy is below its IT energy.
ALTER TABLE pue_hour ADD COLUMN battery_s INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE pue_hour ADD COLUMN below_it_s INTEGER DEFAULT 0 NOT NULL;
