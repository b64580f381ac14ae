package id.jaga.simulator.load;

import id.jaga.config.SiteConfig;
import id.jaga.sensors.auth.AgentKeys;
import java.nio.file.Path;
import id.jaga.config.Broker;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.check.Range;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The site file of a load run: {@code racks} racks of {@code sensorsPerRack} simulated sensors,
 * one agent per rack, {@value #RACKS_PER_ROOM} racks per room. Each rack has the mix a real rack
 * has (inlet and outlet temperature, humidity, and its PDU's power, current and voltage), with
 * nominal values and noise that stay well inside the thresholds, so the load alone raises no
 * alarm. The optional latency probe is one more agent with one humidity sensor that the ingest
 * benchmark drives over its critical limit (no hold time, so the alarm is raised at once). Each
 * agent's message key is {@code <keysDir>/<agent>.keys} ({@link #provision} makes them).
 */
public record LoadSite(String siteId, Broker broker, int racks, int sensorsPerRack, Duration publishInterval,
                       boolean latencyProbe, Path keysDir) {
    public static final int RACKS_PER_ROOM = 20;
    public static final String PROBE_AGENT = "probe-agent";
    public static final String PROBE_SENSOR = "probe-humidity";
    /** The probe's resting value and the value it jumps to: above the default critical limit of 80 %RH. */
    public static final double PROBE_NORMAL = 45;
    public static final double PROBE_CRITICAL = 90;
    /**
     * Longer than any pause of a load run (between benchmark steps, while a backlog drains), so
     * that a pause is not taken for dead agents or sensors.
     */
    static final Duration SILENCE_ALLOWED = Duration.ofMinutes(5);

    private static final List<Template> RACK_SENSORS = List.of(
            new Template("inlet", SensorKind.TEMPERATURE, 20.5, 24.0, 0.15, null),
            // Hot aisle: the inlet limits of the defaults would alarm all the time, so an outlet has its own.
            new Template("outlet", SensorKind.TEMPERATURE, 31.0, 37.0, 0.2, "{warning: {high: 45}, critical: {high: 50}}"),
            new Template("humidity", SensorKind.HUMIDITY, 40.0, 50.0, 0.4, null),
            new Template("power", SensorKind.POWER, 1500, 6000, 25, null),
            new Template("current", SensorKind.CURRENT, 6.5, 26.0, 0.1, null),
            new Template("voltage", SensorKind.VOLTAGE, 232, 228, 0.5, null));

    public LoadSite {
        if (racks < 1 || sensorsPerRack < 1) {
            throw new IllegalArgumentException("a load site needs at least one rack and one sensor per rack");
        }
        if (publishInterval.toMillis() < 1 || publishInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("publish interval " + publishInterval.toMillis() + " ms: expected 1 ms to 1 min");
        }
    }

    /** Without a key folder of its own: keys go beside the site file's other state, under {@code data/load-keys}. */
    public LoadSite(String siteId, Broker broker, int racks, int sensorsPerRack, Duration publishInterval, boolean latencyProbe) {
        this(siteId, broker, racks, sensorsPerRack, publishInterval, latencyProbe, Path.of("data", "load-keys"));
    }

    /** The site as loaded, its agents' key files made where missing. */
    public SiteConfig provision(SiteConfig site) {
        return AgentKeys.provision(site, keysDir);
    }

    public static String agentId(int rack) {
        return "pi-" + rackId(rack);
    }

    static String rackId(int rack) {
        return String.format(Locale.ROOT, "rack-%04d", rack);
    }

    static String roomId(int rack) {
        return String.format(Locale.ROOT, "room-%02d", (rack - 1) / RACKS_PER_ROOM + 1);
    }

    public int rooms() {
        return (racks + RACKS_PER_ROOM - 1) / RACKS_PER_ROOM;
    }

    /** The site file, ready for SiteLoader and {@code ./jaga controller --site}. */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("# Written by `jaga sim load --write-site`: ").append(racks).append(" racks x ").append(sensorsPerRack)
                .append(" simulated sensors, one agent per rack.\n")
                .append("# Nominal values stay inside the thresholds, so the load alone raises no alarm. offlineAfter and\n")
                .append("# staleAfter are long because a load run may pause (between steps, while a backlog drains).\n");
        y.append("site: {id: ").append(siteId).append(", name: Load test site}\n");
        y.append("broker:\n  uris: [").append(broker.uris().stream().map(LoadSite::quoted).collect(Collectors.joining(", ")))
                .append("]\n  topicPrefix: ").append(quoted(broker.topicPrefix())).append('\n');
        if (broker.username() != null) {
            y.append("  username: ").append(quoted(broker.username())).append('\n');
        }
        if (broker.passwordFile() != null) {
            y.append("  passwordFile: ").append(quoted(broker.passwordFile())).append('\n');
        }
        y.append("storage: {url: ").append(quoted("jdbc:h2:file:./data/" + siteId)).append("}\n");
        y.append("rooms:\n");
        for (int room = 1; room <= rooms(); room++) {
            y.append(String.format(Locale.ROOT, "  - {id: room-%02d, name: Room %d}\n", room, room));
        }
        String interval = compact(publishInterval);
        y.append("agents:\n");
        for (int rack = 1; rack <= racks; rack++) {
            agent(y, agentId(rack), roomId(rack), interval);
        }
        if (latencyProbe) {
            agent(y, PROBE_AGENT, roomId(1), interval);
        }
        y.append("racks:\n");
        for (int rack = 1; rack <= racks; rack++) {
            y.append("  - id: ").append(rackId(rack)).append("\n    room: ").append(roomId(rack)).append("\n    sensors:\n");
            double load = spread(rack);
            for (int i = 0; i < sensorsPerRack; i++) {
                Template t = RACK_SENSORS.get(i % RACK_SENSORS.size());
                String id = rackId(rack) + "-" + t.name() + "-" + (i / RACK_SENSORS.size() + 1);
                sensor(y, id, t.kind(), agentId(rack), interval, t.nominal(load), t.noise(), t.thresholds());
            }
        }
        if (latencyProbe) {
            y.append("  - id: probe-rack\n    room: ").append(roomId(1)).append("\n    sensors:\n");
            sensor(y, PROBE_SENSOR, SensorKind.HUMIDITY, PROBE_AGENT, interval, PROBE_NORMAL, 0, null);
        }
        return y.toString();
    }

    private void agent(StringBuilder y, String id, String room, String interval) {
        y.append("  - {id: ").append(id).append(", room: ").append(room).append(", publishInterval: ").append(interval)
                .append(", offlineAfter: ").append(SILENCE_ALLOWED.toMinutes()).append("m, keyFile: ")
                .append(quoted(keysDir.toAbsolutePath().resolve(id + ".keys").toString())).append("}\n");
    }

    private static void sensor(StringBuilder y, String id, SensorKind kind, String agent, String interval, double nominal,
                               double noise, String thresholds) {
        y.append("      - {id: ").append(id).append(", kind: ").append(kind.wire()).append(", agent: ").append(agent)
                .append(", pollInterval: ").append(interval).append(", staleAfter: ").append(SILENCE_ALLOWED.toMinutes()).append('m');
        if (thresholds != null) {
            y.append(", thresholds: ").append(thresholds);
        }
        y.append(", driver: {type: simulated, nominal: ").append(Range.text(Math.round(nominal * 10) / 10.0))
                .append(", noise: ").append(Range.text(noise)).append("}}\n");
    }

    /** Where a rack sits between light and heavy load, spread evenly over the racks (golden-ratio sequence), in [0, 1). */
    private static double spread(int rack) {
        double x = rack * 0.6180339887498949;
        return x - Math.floor(x);
    }

    /** Whole seconds as such: a site of 1000 racks is megabytes of YAML, so every character counts. */
    private static String compact(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** One sensor of a rack: its nominal value follows how heavily the rack is loaded. */
    private record Template(String name, SensorKind kind, double idle, double busy, double noise, String thresholds) {
        double nominal(double load) {
            return idle + (busy - idle) * load;
        }
    }
}
