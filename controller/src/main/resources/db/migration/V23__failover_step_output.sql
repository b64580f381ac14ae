-- What a failover step's command wrote: its first and last 4 KiB (the middle left out and counted),
-- secrets blanked out. Read while the command runs, so a chatty tool never stalls on a full pipe.
ALTER TABLE failover_step ADD COLUMN output VARCHAR(10000);
