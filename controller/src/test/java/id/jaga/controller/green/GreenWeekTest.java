package id.jaga.controller.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.history.Retention;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A week of a simulated room on virtual time, stored through the controller's reading store,
 * aggregated by its retention and rolled up: PUE and energies match the exactly integrated ground
 * truth within 1 %, and the six hours the agent was silent show in the coverage.
 */
class GreenWeekTest {
    /** Monday 00:00 in Asia/Makassar (UTC+8). */
    static final Instant T0 = Instant.parse("2026-11-01T16:00:00Z");
    static final Duration WEEK = Duration.ofDays(7);
    static final Instant GAP_FROM = T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(10));
    static final Instant GAP_TO = GAP_FROM.plus(Duration.ofHours(6));
    static final double GAP_S = Duration.between(T0, GAP_FROM).toSeconds();
    static final double GAP_END_S = Duration.between(T0, GAP_TO).toSeconds();

    static HandClock clock;
    static Database db;
    static SiteConfig site;
    static GreenFigures figures;
    static final Period PERIOD = new Period(T0, T0.plus(WEEK));

    @BeforeAll
    static void simulateAWeek() throws SQLException {
        site = new SiteLoader().parse("green.yaml", RoomProfile.site(Duration.ofMinutes(1)));
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        clock = new HandClock(T0);
        RoomProfile.feed(new ReadingStore(db), T0, WEEK, Duration.ofMinutes(1), at -> !at.isBefore(GAP_FROM) && at.isBefore(GAP_TO));
        clock.advance(WEEK.plusHours(1));
        new Retention(db, site.storage(), clock).run();
        new GreenRollup(db, site).run();
        figures = new GreenFigures(db, site, clock);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** Ground truth over the measured time: the week without the gap. */
    static double truthWh(java.util.function.DoubleUnaryOperator watts) {
        return RoomProfile.wh(watts, 0, GAP_S) + RoomProfile.wh(watts, GAP_END_S, WEEK.toSeconds());
    }

    static void within1Percent(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * 0.01, what);
    }

    @Test
    void pueAndEnergiesMatchTheGroundTruthAndTheGapShowsInTheCoverage() throws SQLException {
        double facilityKwh = truthWh(RoomProfile::facilityW) / 1000;
        double itKwh = truthWh(RoomProfile::itW) / 1000;
        GreenFigures.Pue pue = figures.pue(PERIOD);
        within1Percent(facilityKwh / itKwh, pue.pue(), "PUE");
        within1Percent(facilityKwh, pue.facilityKwh(), "facility kWh");
        within1Percent(itKwh, pue.itKwh(), "IT kWh");
        // 6 h of 168 missing; the last reading counts until it is stale, 3 minutes more.
        assertEquals(1 - 6.0 / 168, pue.coverage(), 0.0005);

        GreenFigures.Energy energy = figures.energy(PERIOD);
        within1Percent(facilityKwh, energy.facilityKwh(), "facility kWh");
        within1Percent(itKwh, energy.itKwh(), "IT kWh");
        assertEquals(1 - 6.0 / 168, energy.itCoverage(), 0.0005);
        within1Percent(itKwh, energy.rooms().get(0).kwh(), "room kWh");
        within1Percent(facilityKwh * 0.8, energy.emissions().kgCo2(), "kg CO2");
        assertEquals("facility", energy.emissions().basis());
    }

    @Test
    void eachRackHasItsEnergyAveragePeakAndHeadroom() throws SQLException {
        List<GreenFigures.RackEnergy> racks = figures.energy(PERIOD).racks();
        for (int r = 0; r < 3; r++) {
            int rack = r;
            GreenFigures.RackEnergy e = racks.get(r);
            double wh = truthWh(t -> RoomProfile.rackW(rack, t));
            within1Percent(wh / 1000, e.kwh(), e.rack() + " kWh");
            within1Percent(wh / ((WEEK.toSeconds() - (GAP_END_S - GAP_S)) / 3600), e.averageW(), e.rack() + " average W");
            within1Percent(RoomProfile.RACK_BASE_W[r] * 1.2, e.peakW(), e.rack() + " peak W");
        }
        assertEquals(3000 - racks.get(0).peakW(), racks.get(0).headroomW(), 1e-9);
        assertEquals(4000 - racks.get(1).peakW(), racks.get(1).headroomW(), 1e-9);
        assertNull(racks.get(2).headroomW(), "rack-3 has no capacity configured");
    }

    @Test
    void inletTimeInTheAshraeRangesIsShared() throws SQLException {
        List<GreenFigures.Inlet> inlets = figures.inlets(PERIOD);
        assertEquals(List.of("rack-1-inlet", "rack-2-inlet"), inlets.stream().map(GreenFigures.Inlet::sensor).toList());
        assertEquals(1.0, inlets.get(0).recommended());
        // 8 h a day above 27 C; the gap (10:00-16:00) fell in the cool part of the day.
        assertEquals((162.0 - 7 * 8) / 162, inlets.get(1).recommended(), 0.005);
        assertEquals(1.0, inlets.get(1).allowable());
        assertEquals(1 - 6.0 / 168, inlets.get(1).coverage(), 0.001);
    }

    @Test
    void theDayOfTheGapHasThreeQuartersOfItsData() throws SQLException {
        List<GreenFigures.Day> days = figures.days(PERIOD);
        assertEquals(7, days.size());
        assertEquals(LocalDate.of(2026, 11, 2), days.get(0).day());
        assertEquals(0.75, days.get(2).coverage(), 0.003);
        assertEquals(1.0, days.get(3).coverage(), 0.001);
        within1Percent(RoomProfile.wh(RoomProfile::facilityW, 0, 86_400) / RoomProfile.wh(RoomProfile::itW, 0, 86_400),
                days.get(0).pue(), "PUE of the first day");
    }

    @Test
    void calendarPeriodsAreTheSitesLocalDays() throws SQLException {
        Period day = Period.calendar("day", LocalDate.of(2026, 11, 3), figures.zone());
        assertEquals(Instant.parse("2026-11-02T16:00:00Z"), day.from());
        GreenFigures.Pue pue = figures.pue(day);
        within1Percent(RoomProfile.wh(RoomProfile::facilityW, 86_400, 2 * 86_400) / 1000, pue.facilityKwh(), "facility kWh of Tuesday");
        assertEquals(1.0, pue.coverage(), 0.001);
        // A month that has only begun: coverage is against the time so far.
        GreenFigures.Pue month = figures.pue(Period.calendar("month", LocalDate.of(2026, 11, 3), figures.zone()));
        assertEquals((WEEK.toSeconds() - 6 * 3600) / (double) Duration.between(Instant.parse("2026-10-31T16:00:00Z"),
                clock.instant()).toSeconds(), month.coverage(), 0.001);
    }
}
