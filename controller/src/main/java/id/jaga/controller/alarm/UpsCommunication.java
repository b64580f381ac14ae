package id.jaga.controller.alarm;

import id.jaga.config.AlarmTypes;
import id.jaga.config.SensorKind;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.nut.NutClient;
import id.jaga.sensors.driver.nut.NutDriver;
import id.jaga.sensors.driver.nut.UpsStatus;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether each agent still reads its UPS. The sensors of one UPS (the {@code nut} driver: same agent,
 * upsd host and port, and UPS name) fail together when upsd or the UPS's driver goes away: the agent
 * then reports each of them stale or bad with the same reason (for example "no answer from upsd at
 * 127.0.0.1:3493: ConnectException: Connection refused"). Rather than one MINOR {@code no-data} per
 * sensor without a reason, the UPS gets one {@value #TYPE} alarm, MAJOR (CRITICAL while its last
 * status said it was on battery: nobody can tell how long it will last), carrying the agent's
 * reason. It is raised when the agent's newest word on every sensor of the UPS is a failure and one
 * of them has had no good reading for its {@code staleAfter} (when its {@code no-data} would be
 * due); a UPS the agent says nothing about (the agent is offline) is left to {@code agent-offline},
 * and one variable the UPS does not report (the others read well) to that sensor's {@code no-data}.
 * The next current good reading of any of its sensors clears it. While it stands, the {@code no-data} alarms of its sensors are not
 * raised: {@link #explains} tells {@link Freshness} so.
 * <p>
 * Its source is the UPS's {@code ups-status} sensor, or its first sensor in the site file without
 * one, so the alarm is placed in the room and rack of the UPS like its other alarms.
 */
public final class UpsCommunication {
    public static final String TYPE = AlarmTypes.UPS_COMMUNICATION_LOST;
    /** As long as an alarm's message may be. */
    private static final int MAX_MESSAGE = 400;

    private final AlarmService alarms;
    private final Clock clock;
    private final List<Ups> upses = new ArrayList<>();
    private final Map<String, Ups> byUpsSensor = new HashMap<>();
    private final Map<String, Link> bySensor = new HashMap<>();

    /** What one sensor of a UPS said last. */
    private static final class Link {
        final String sensor;
        final Duration staleAfter;
        /** Its newest good reading (counted from the controller's start). */
        Instant lastGood;
        /** Its newest failure after {@link #lastGood}, with the agent's reason; null while its newest word is good. */
        Reading failure;

        Link(String sensor, Duration staleAfter, Instant now) {
            this.sensor = sensor;
            this.staleAfter = staleAfter;
            this.lastGood = now;
        }

        boolean staleAt(Instant now) {
            return lastGood.plus(staleAfter).isBefore(now);
        }
    }

    /** One UPS as one agent reaches it. */
    private static final class Ups {
        String source;
        final String name;
        final String agent;
        final List<Link> links = new ArrayList<>();
        final List<String> statusSensors = new ArrayList<>();
        /** Its last good status had OB. */
        boolean onBattery;
        /** The severity of the alarm raised, null while none is. */
        Severity raised;
        /** After a start the alarm may stand from before: cleared at the first current good reading. */
        boolean maybeRaised = true;

        Ups(String name, String agent) {
            this.name = name;
            this.agent = agent;
        }

        /** The agent's newest word on every sensor is a failure, and one of them has had no good reading for its staleAfter. */
        boolean lostAt(Instant now) {
            return links.stream().allMatch(l -> l.failure != null) && links.stream().anyMatch(l -> l.staleAt(now));
        }

        /** The newest failure: the agent's freshest reason. */
        Reading newestFailure() {
            return links.stream().map(l -> l.failure).max(java.util.Comparator.comparing(Reading::ts)).orElseThrow();
        }

        Instant lastGood() {
            return links.stream().map(l -> l.lastGood).max(Instant::compareTo).orElseThrow();
        }
    }

    public UpsCommunication(SiteConfig site, AlarmService alarms, Clock clock) {
        this.alarms = alarms;
        this.clock = clock;
        Instant now = clock.instant();
        Map<String, Ups> byEndpoint = new LinkedHashMap<>();
        site.sensors().map(SiteConfig.PlacedSensor::sensor).filter(s -> NutDriver.TYPE.equals(s.driverType())
                && s.driver().get("ups") != null).forEach(s -> {
            String host = String.valueOf(s.driver().getOrDefault("host", NutDriver.DEFAULT_HOST));
            int port = s.driver().get("port") instanceof Number n ? n.intValue() : NutClient.DEFAULT_PORT;
            String ups = s.driver().get("ups").toString();
            Ups u = byEndpoint.computeIfAbsent(s.agent() + "|" + host + "|" + port + "|" + ups,
                    k -> new Ups("UPS " + ups + "@" + host + ":" + port, s.agent()));
            Link link = new Link(s.id(), s.staleAfter(), now);
            u.links.add(link);
            if (s.kind() == SensorKind.UPS_STATUS) {
                u.statusSensors.add(s.id());
            }
            byUpsSensor.put(s.id(), u);
            bySensor.put(s.id(), link);
        });
        byEndpoint.values().forEach(u -> {
            u.source = u.statusSensors.isEmpty() ? u.links.get(0).sensor : u.statusSensors.get(0);
            upses.add(u);
        });
    }

    /** A stored reading: a good one of a UPS's sensor clears its alarm; a failure keeps the reason. */
    public synchronized void reading(Reading r) throws SQLException {
        Link link = bySensor.get(r.sensor());
        if (link == null) {
            return;
        }
        Ups u = byUpsSensor.get(r.sensor());
        if (r.quality() != Quality.GOOD) {
            if (!r.ts().isBefore(link.lastGood) && (link.failure == null || !r.ts().isBefore(link.failure.ts()))) {
                link.failure = r;
            }
            return;
        }
        if (!r.ts().isBefore(link.lastGood)) {
            link.lastGood = r.ts();
            link.failure = null;
            if (u.statusSensors.contains(r.sensor()) && r.text() != null) {
                u.onBattery = UpsStatus.parse(r.text()).contains("OB");
            }
        }
        // Data is back only if it is current: a reading the agent queued while the broker was away is not.
        if ((u.raised != null || u.maybeRaised) && !link.staleAt(clock.instant())) {
            u.raised = null;
            u.maybeRaised = false;
            alarms.condition(u.source, TYPE, null, null, null);
        }
    }

    /** Raises (or escalates) the alarm of each UPS the agent reports it cannot read; run periodically. */
    public synchronized void check() throws SQLException {
        Instant now = clock.instant();
        for (Ups u : upses) {
            if (!u.lostAt(now)) {
                continue; // read lately, or nothing said about it since (the agent's own alarm covers its silence)
            }
            Severity severity = u.onBattery ? Severity.CRITICAL : Severity.MAJOR;
            if (severity != u.raised) {
                u.raised = severity;
                u.maybeRaised = false;
                alarms.condition(u.source, TYPE, severity, message(u), null);
            }
        }
    }

    /** What the operator needs: which UPS, the agent's reason, since when, and whether it was on battery. */
    private static String message(Ups u) {
        Reading failure = u.newestFailure();
        String reason = failure.reason() != null ? failure.reason() : failure.quality().wire() + " readings without a reason";
        String text = u.name + " of agent " + u.agent + " cannot be read: " + reason + " (no good reading since "
                + u.lastGood() + (u.onBattery ? "; it was last seen on battery" : "") + "; sensors "
                + String.join(", ", u.links.stream().map(l -> l.sensor).toList()) + ")";
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
    }

    /** True while the sensor's UPS has a {@value #TYPE} alarm: its own {@code no-data} would say less. */
    public synchronized boolean explains(String sensor) {
        Ups u = byUpsSensor.get(sensor);
        return u != null && u.raised != null;
    }
}
