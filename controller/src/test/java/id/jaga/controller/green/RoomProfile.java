package id.jaga.controller.green;

import id.jaga.controller.ingest.ReadingStore;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A server room with a daily load cycle: three racks' PDUs, a facility meter (IT, cooling that
 * follows the day, lighting) and rack inlets, as functions of time; the ground truth is their
 * integral at one-second steps. Its readings go into the controller's real reading store.
 */
public final class RoomProfile {
    public static final double[] RACK_BASE_W = {2000, 3000, 1500};
    public static String site(java.time.Duration poll) {
        return """
            site: {id: green, name: Pusat Data Hijau, timezone: Asia/Makassar}
            rooms:
              - id: server-room
                name: Ruang Server
                sensors:
                  - {id: facility-power, kind: power, agent: pi-1, pollInterval: 60s, driver: {type: simulated}}
            agents: [{id: pi-1, room: server-room}]
            racks:
              - id: rack-1
                room: server-room
                capacity: 3kW
                sensors:
                  - {id: rack-1-power, kind: power, agent: pi-1, pollInterval: 60s, driver: {type: simulated}}
                  - {id: rack-1-inlet, kind: temperature, agent: pi-1, pollInterval: 60s, driver: {type: simulated}}
              - id: rack-2
                room: server-room
                capacity: 4kW
                sensors:
                  - {id: rack-2-power, kind: power, agent: pi-1, pollInterval: 60s, driver: {type: simulated}}
                  - {id: rack-2-inlet, kind: temperature, agent: pi-1, pollInterval: 60s, driver: {type: simulated}}
              - id: rack-3
                room: server-room
                sensors:
                  - {id: rack-3-power, kind: power, agent: pi-1, pollInterval: 60s, driver: {type: simulated}}
            energy: {facility: [facility-power], emissionFactor: 0.8}
            """.replace("60s", poll.toSeconds() + "s");
    }
    private static final double DAY = 86_400;

    /** The site with the UPS's {@code ups.status} on the same agent, polled every 10 s. */
    public static String withUpsStatus(String site) {
        String meter = "      - {id: facility-power,";
        if (!site.contains(meter)) {
            throw new IllegalArgumentException("no facility meter to put the UPS status beside");
        }
        return site.replace(meter, "      - {id: ups-status, kind: ups-status, agent: pi-1, pollInterval: 10s, driver: {type: simulated}}\n"
                + meter);
    }

    private RoomProfile() {
    }

    public static double rackW(int rack, double t) {
        return RACK_BASE_W[rack] * (1 + 0.2 * Math.sin(2 * Math.PI * t / DAY + rack));
    }

    public static double itW(double t) {
        return rackW(0, t) + rackW(1, t) + rackW(2, t);
    }

    /** IT, cooling working harder in the afternoon, and 400 W of lighting and losses. */
    public static double facilityW(double t) {
        return itW(t) * (1.45 + 0.1 * Math.sin(2 * Math.PI * t / DAY - 1)) + 400;
    }

    /** Rack 1 stays within 19-25 C; rack 2 swings 21-29 C, above the recommended 27 C a third of the time. */
    public static double inletC(int rack, double t) {
        return rack == 0 ? 22 + 3 * Math.sin(2 * Math.PI * t / DAY) : 25 + 4 * Math.sin(2 * Math.PI * t / DAY);
    }

    /** Wh of a power function over [from, to) seconds, trapezoids of one second. */
    public static double wh(java.util.function.DoubleUnaryOperator watts, double from, double to) {
        double sum = 0;
        for (double t = from; t < to; t++) {
            sum += (watts.applyAsDouble(t) + watts.applyAsDouble(Math.min(t + 1, to))) / 2 * Math.min(1, to - t);
        }
        return sum / 3600;
    }

    /** Stores a reading of every sensor {@code every} from {@code start} for {@code length}, except while {@code silent} holds. */
    public static void feed(ReadingStore store, Instant start, Duration length, Duration every, Predicate<Instant> silent)
            throws SQLException {
        List<ReadingStore.Message> batch = new ArrayList<>();
        long seq = 0;
        for (long s = 0; s < length.toSeconds(); s += every.toSeconds()) {
            Instant at = start.plusSeconds(s);
            if (silent.test(at)) {
                continue;
            }
            List<Reading> readings = new ArrayList<>();
            readings.add(Reading.good("facility-power", facilityW(s), "W", at));
            for (int r = 0; r < 3; r++) {
                readings.add(Reading.good("rack-" + (r + 1) + "-power", rackW(r, s), "W", at));
            }
            for (int r = 0; r < 2; r++) {
                readings.add(Reading.good("rack-" + (r + 1) + "-inlet", inletC(r, s), "C", at));
            }
            batch.add(new ReadingStore.Message("pi-1", ++seq, at, readings));
            if (batch.size() >= 1000) {
                store.insert(batch);
                batch.clear();
            }
        }
        store.insert(batch);
    }
}
