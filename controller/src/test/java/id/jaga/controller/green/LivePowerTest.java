package id.jaga.controller.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.HandClock;
import id.jaga.controller.ingest.LatestReadings;
import id.jaga.sensors.wire.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LivePowerTest {
    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T02:00:00Z"));
    private final SiteConfig site = new SiteLoader().parse("green.yaml", RoomProfile.withUpsStatus(RoomProfile.site(Duration.ofSeconds(10))));
    private final LatestReadings latest = new LatestReadings();
    private final Set<String> stale = new HashSet<>();
    private final LivePower live = new LivePower(site, latest::get, id -> !stale.contains(id), clock);

    private void power(double facility, double... racks) {
        latest.offer(Reading.good("facility-power", facility, "W", clock.instant()));
        for (int r = 0; r < racks.length; r++) {
            latest.offer(Reading.good("rack-" + (r + 1) + "-power", racks[r], "W", clock.instant()));
        }
    }

    @Test
    void pueOverTheLastFifteenMinutesFromTheMeanPowers() {
        assertNull(live.pue().pue(), "nothing sampled yet");
        for (int i = 0; i < 90; i++) { // 15 minutes, every 10 s
            power(i < 45 ? 9000 : 12000, 2000, 3000, 1000);
            live.sample();
            clock.advance(LivePower.EVERY);
        }
        GreenFigures.Pue pue = live.pue();
        assertEquals(10500.0 / 6000, pue.pue(), 1e-9);
        assertEquals(1.0, pue.coverage(), 1e-9);
        assertEquals(6000 * 0.25 / 1000, pue.itKwh(), 1e-9);
    }

    @Test
    void aSampleWithAStaleMeterDoesNotCountAndShowsInTheCoverage() {
        for (int i = 0; i < 90; i++) {
            power(9000, 2000, 3000, 1000);
            if (i == 30) {
                stale.add("rack-3-power"); // its agent fell silent
            }
            if (i == 60) {
                stale.clear();
            }
            live.sample();
            clock.advance(LivePower.EVERY);
        }
        GreenFigures.Pue pue = live.pue();
        assertEquals(1.5, pue.pue(), 1e-9);
        assertEquals(60.0 / 90, pue.coverage(), 1e-9);
    }

    private void ups(String status) {
        latest.offer(Reading.goodText("ups-status", status, "tokens", clock.instant()));
    }

    /**
     * A mains outage in the last 5 minutes: the UPS carries the racks from its battery and the
     * facility meter reads almost nothing. Those samples are left out and counted, never set
     * against the IT load (that gave the Energy page PUE 0.64).
     */
    @Test
    void whileTheUpsIsOnBatteryItsTimeIsLeftOutNotShownAsAPueBelowOne() {
        for (int i = 0; i < 90; i++) {
            boolean outage = i >= 60;
            ups(outage ? "OB DISCHRG" : "OL");
            power(outage ? 3 : 9000, 2000, 3000, 1000);
            live.sample();
            clock.advance(LivePower.EVERY);
        }
        GreenFigures.Pue pue = live.pue();
        assertEquals(1.5, pue.pue(), 1e-9, "the 10 minutes on mains only");
        assertEquals(60.0 / 90, pue.coverage(), 1e-9);
        assertEquals(30.0 / 90, pue.leftOut().upsOnBattery(), 1e-9);
        assertEquals(0, pue.leftOut().meterWithoutData(), 1e-9);
        assertEquals(6000 * 600 / 3600.0 / 1000, pue.itKwh(), 1e-9, "the energy measured, not extrapolated over the outage");
    }

    @Test
    void aFacilityMeterBelowItWithoutAUpsSayingSoIsLeftOutTooAndTheRestHadNoData() {
        for (int i = 0; i < 90; i++) {
            ups("OL");
            power(i < 30 ? 9000 : 5000, 2000, 3000, 1000); // from 30 on: below IT, a discharge the UPS did not report
            if (i < 80) {
                live.sample(); // the last 10 samples not taken: the controller had just started, say
            }
            clock.advance(LivePower.EVERY);
        }
        GreenFigures.Pue pue = live.pue();
        assertEquals(1.5, pue.pue(), 1e-9);
        assertEquals(30.0 / 90, pue.coverage(), 1e-9);
        assertEquals(50.0 / 90, pue.leftOut().facilityBelowIt(), 1e-9);
        assertEquals(10.0 / 90, pue.leftOut().meterWithoutData(), 1e-9);
        assertTrue(pue.pue() >= 1);
    }
}
