package id.jaga.controller.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.history.Retention;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Six hours of a room with a mains outage: for 30 minutes the UPS carries the racks from its battery
 * ({@code OB DISCHRG}) and the facility meter reads almost nothing; then the battery recharges, which
 * the facility meter sees. Later the facility meter falls silent for 20 minutes. PUE is formed over
 * the other minutes only, never below 1, and says what it left out and why: ISO/IEC 30134-2 sets the
 * energy the facility takes in against the IT energy, and during the outage the facility took in none
 * of what the IT load used.
 */
class PueLeftOutTest {
    static final Instant T0 = Instant.parse("2026-11-01T16:00:00Z"); // Monday 00:00 in Asia/Makassar
    static final Duration EVERY = Duration.ofSeconds(10);
    static final Instant OUTAGE_FROM = T0.plus(Duration.ofHours(2));
    static final Instant OUTAGE_TO = OUTAGE_FROM.plus(Duration.ofMinutes(30));
    static final Instant SILENT_FROM = T0.plus(Duration.ofHours(4));
    static final Instant SILENT_TO = SILENT_FROM.plus(Duration.ofMinutes(20));
    static final Period SIX_HOURS = new Period(T0, T0.plus(Duration.ofHours(6)));

    static Database db;
    static GreenFigures figures;
    /** Sums of the facility and IT readings over the minutes PUE should count: its ground truth. */
    static double truthFacility;
    static double truthIt;

    @BeforeAll
    static void simulate() throws Exception {
        SiteConfig site = new SiteLoader().parse("green.yaml", RoomProfile.withUpsStatus(RoomProfile.site(EVERY)));
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        List<ReadingStore.Message> batch = new ArrayList<>();
        long seq = 0;
        for (Instant at = SIX_HOURS.from(); at.isBefore(SIX_HOURS.to()); at = at.plus(EVERY)) {
            double s = Duration.between(T0, at).toSeconds();
            boolean outage = !at.isBefore(OUTAGE_FROM) && at.isBefore(OUTAGE_TO);
            boolean recharging = !at.isBefore(OUTAGE_TO) && at.isBefore(OUTAGE_TO.plus(Duration.ofHours(1)));
            boolean silent = !at.isBefore(SILENT_FROM) && at.isBefore(SILENT_TO);
            double it = RoomProfile.itW(s);
            double facility = outage ? 4 : RoomProfile.facilityW(s) + (recharging ? 400 : 0);
            List<Reading> readings = new ArrayList<>();
            readings.add(Reading.goodText("ups-status", outage ? "OB DISCHRG" : recharging ? "OL CHRG" : "OL", "tokens", at));
            if (!silent) {
                readings.add(Reading.good("facility-power", facility, "W", at));
            }
            for (int r = 0; r < 3; r++) {
                readings.add(Reading.good("rack-" + (r + 1) + "-power", RoomProfile.rackW(r, s), "W", at));
            }
            batch.add(new ReadingStore.Message("pi-1", ++seq, at, readings));
            if (!outage && !silent) {
                truthFacility += facility;
                truthIt += it;
            }
        }
        new ReadingStore(db).insert(batch);
        HandClock clock = new HandClock(SIX_HOURS.to().plus(Duration.ofHours(1)));
        new Retention(db, site.storage(), clock).run();
        new GreenRollup(db, site).run();
        figures = new GreenFigures(db, site, clock);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void theOutageIsLeftOutOfPueAndCountedAsTimeOnBattery() throws Exception {
        GreenFigures.Pue pue = figures.pue(SIX_HOURS);
        assertNotNull(pue.pue());
        assertEquals(truthFacility / truthIt, pue.pue(), truthFacility / truthIt * 0.002, "PUE over the measured minutes");
        assertTrue(pue.pue() > 1.4, "with the recharge in it, and nothing of the outage: " + pue.pue());
        assertEquals(30.0 / 360, pue.leftOut().upsOnBattery(), 0.5 / 360, "the 30 minutes on battery");
        assertEquals(20.0 / 360, pue.leftOut().meterWithoutData(), 1.0 / 360, "the 20 minutes the facility meter was silent");
        assertEquals(0, pue.leftOut().facilityBelowIt(), 1e-9);
        assertEquals(310.0 / 360, pue.coverage(), 1.0 / 360);
        assertEquals(1, pue.coverage() + pue.leftOut().total(), 1e-9);
    }

    @Test
    void theDayCarriesWhatItLeftOutToo() throws Exception {
        GreenFigures.Day day = figures.days(SIX_HOURS).get(0);
        assertEquals(figures.pue(SIX_HOURS).pue(), day.pue(), 1e-9);
        assertEquals(30.0 / 420, day.leftOut().upsOnBattery(), 1e-6, "30 of the 420 minutes of the day so far");
    }

    /** An hour rolled up before minutes were checked one by one, with the outage in it: left out whole, never a PUE below 1. */
    @Test
    void anEarlierHourWhoseFacilityEnergyIsBelowItsItEnergyIsLeftOut() throws Exception {
        Instant day = T0.minus(Duration.ofDays(1)); // before the six hours, and past
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO pue_hour (hour_start, facility_wh, it_wh, matched_s) VALUES (?,?,?,?)")) {
            for (Object[] row : new Object[][] {{day, 9000.0, 6000.0}, {day.plus(Duration.ofHours(1)), 3900.0, 6000.0}}) {
                ps.setTimestamp(1, Timestamp.from((Instant) row[0]));
                ps.setDouble(2, (Double) row[1]);
                ps.setDouble(3, (Double) row[2]);
                ps.setInt(4, 3600);
                ps.executeUpdate();
            }
        }
        GreenFigures.Pue pue = figures.pue(new Period(day, day.plus(Duration.ofHours(2))));
        assertEquals(1.5, pue.pue(), 1e-9);
        assertEquals(0.5, pue.coverage(), 1e-9);
        assertEquals(0.5, pue.leftOut().facilityBelowIt(), 1e-9);
    }
}
