package id.jaga.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every type of alarm the controller raises, in one place: the controller raises them under these
 * names, and the site check accepts an alarm condition (of a composite or a failover trigger) only
 * when the site can raise its type. Which types a site can raise depends on what it holds: a
 * threshold type needs a sensor of that kind with that limit, a UPS type a UPS, a door type a door,
 * a composite's type is its id.
 */
public final class AlarmTypes {
    /** A sensor without a good reading for its staleAfter (MINOR, on the sensor). */
    public static final String NO_DATA = "no-data";
    /** An agent silent past its offlineAfter, or its broker will (MAJOR, on the agent). */
    public static final String AGENT_OFFLINE = "agent-offline";
    /** Messages of an agent lost for good, from its sequence numbers (MAJOR, latched, on the agent). */
    public static final String DATA_GAP = "data-gap";
    /** A smoke detector's contact (CRITICAL, latched, on the detector). */
    public static final String SMOKE = "smoke";

    /** UPS status tokens (Network UPS Tools), each its own alarm while present, on the ups-status sensor. */
    public static final String UPS_ON_BATTERY = "ups-on-battery";
    public static final String UPS_LOW_BATTERY = "ups-low-battery";
    public static final String UPS_REPLACE_BATTERY = "ups-replace-battery";
    public static final String UPS_OVERLOAD = "ups-overload";
    public static final String UPS_BYPASS = "ups-bypass";
    public static final String UPS_FORCED_SHUTDOWN = "ups-forced-shutdown";
    public static final String UPS_OFF = "ups-off";
    public static final String UPS_ALARM = "ups-alarm";
    /** The UPS itself stopped answering its driver (NUT): nobody can tell how it is doing. */
    public static final String UPS_COMMUNICATION_LOST = "ups-communication-lost";
    /** What a site with a UPS status sensor can raise (only the last with a UPS read through the nut driver alone). */
    public static final List<String> UPS = List.of(UPS_ON_BATTERY, UPS_LOW_BATTERY, UPS_REPLACE_BATTERY, UPS_OVERLOAD,
            UPS_BYPASS, UPS_FORCED_SHUTDOWN, UPS_OFF, UPS_ALARM, UPS_COMMUNICATION_LOST);

    /** Door alarms, on the door (access.doors). */
    public static final String DOOR_FORCED = "door-forced";
    public static final String DOOR_HELD_OPEN = "door-held-open";
    public static final String DOOR_OPEN_AGENT_OFFLINE = "door-open-agent-offline";
    public static final String DOOR_TAMPER = "door-tamper";
    public static final List<String> DOOR = List.of(DOOR_FORCED, DOOR_HELD_OPEN, DOOR_OPEN_AGENT_OFFLINE, DOOR_TAMPER);

    /** A DRC site failing its probe (MAJOR, on the DRC site). */
    public static final String DRC_UNHEALTHY = "drc-unhealthy";
    /** A failover or failback attempt that failed (CRITICAL, on the site). */
    public static final String FAILOVER_FAILED = "failover-failed";
    public static final String FAILBACK_FAILED = "failback-failed";
    public static final List<String> DRC = List.of(DRC_UNHEALTHY, FAILOVER_FAILED, FAILBACK_FAILED);

    /** A changed site file the controller refused to load (WARNING, on the file). */
    public static final String SITE_FILE_INVALID = "site-file-invalid";

    /** The driver through which a sensor reads a UPS. */
    private static final String NUT_DRIVER = "nut";

    private AlarmTypes() {
    }

    /** A reading above a {@code high} limit of its sensor's thresholds, e.g. {@code temperature-high}. */
    public static String high(SensorKind kind) {
        return kind.wire() + "-high";
    }

    /** A reading below a {@code low} limit, e.g. {@code humidity-low}. */
    public static String low(SensorKind kind) {
        return kind.wire() + "-low";
    }

    /** A rise by the thresholds' {@code rise.by} within {@code rise.within}, e.g. {@code temperature-rising}. */
    public static String rising(SensorKind kind) {
        return kind.wire() + "-rising";
    }

    /** Whether a type is named as a threshold type of some sensor kind (whether or not a site can raise it). */
    public static SensorKind thresholdKind(String type) {
        for (SensorKind kind : SensorKind.values()) {
            if (type.equals(high(kind)) || type.equals(low(kind)) || type.equals(rising(kind))) {
                return kind;
            }
        }
        return null;
    }

    /**
     * The alarm types this site can raise, sorted: per sensor its threshold types (from its limits
     * in force, built-in defaults included), smoke and UPS types by kind, no-data for any sensor;
     * agent-offline and data-gap with any agent; door types with any door; DRC and failover types
     * with any DRC site; each composite's id; and the site-file alarm. A site still being checked
     * may have empty entries and missing ids: those add nothing.
     */
    public static Set<String> raisableBy(SiteConfig site) {
        Set<String> types = new TreeSet<>();
        types.add(SITE_FILE_INVALID);
        Map<String, Thresholds> byPlace = new HashMap<>();
        Set<String> humidityPlaces = new HashSet<>();
        Set<String> temperaturePlaces = new HashSet<>();
        site.sensors().filter(p -> p.sensor() != null && p.sensor().kind() != null).forEach(p -> {
            Sensor s = p.sensor();
            SensorKind kind = s.kind();
            types.add(NO_DATA);
            if (kind == SensorKind.SMOKE) {
                types.add(SMOKE);
            }
            if (kind == SensorKind.UPS_STATUS) {
                types.addAll(UPS);
            } else if (NUT_DRIVER.equals(s.driverType())) {
                types.add(UPS_COMMUNICATION_LOST); // a UPS read through NUT, without its status
            }
            if (kind.isNumeric() && !kind.isContact()) {
                // Sensors without limits of their own share their place's: worked out once per place.
                Thresholds limits = s.thresholds() != null ? site.thresholdsFor(p)
                        : byPlace.computeIfAbsent(kind + "|" + p.room() + "|" + p.rack(), k -> site.thresholdsFor(p));
                thresholdTypes(kind, limits, types);
            }
            String place = s.agent() + "|" + p.room() + "|" + p.rack();
            if (kind == SensorKind.HUMIDITY) {
                humidityPlaces.add(place);
            } else if (kind == SensorKind.TEMPERATURE) {
                temperaturePlaces.add(place);
            }
        });
        // The controller derives a dew point where a humidity sensor has a temperature sensor beside it
        // (same agent, room and rack); its alarms are dew-point-high and -low on the humidity sensor.
        // An override never removes a limit, and the built-in dew-point limits have both ends.
        humidityPlaces.retainAll(temperaturePlaces);
        if (!humidityPlaces.isEmpty()) {
            types.add(high(SensorKind.DEW_POINT));
            types.add(low(SensorKind.DEW_POINT));
        }
        if (site.agents().stream().anyMatch(Objects::nonNull)) {
            types.add(AGENT_OFFLINE);
            types.add(DATA_GAP);
        }
        if (site.access().doors().stream().anyMatch(Objects::nonNull)) {
            types.addAll(DOOR);
        }
        if (site.drcSites().stream().anyMatch(Objects::nonNull)) {
            types.addAll(DRC);
        }
        site.composites().stream().filter(c -> c != null && c.id() != null).forEach(c -> types.add(c.id()));
        return types;
    }

    private static void thresholdTypes(SensorKind kind, Thresholds limits, Set<String> types) {
        limits.bands().values().forEach(l -> {
            if (l.high() != null) {
                types.add(high(kind));
            }
            if (l.low() != null) {
                types.add(low(kind));
            }
        });
        Thresholds.Rise rise = limits.rise();
        if (rise != null && rise.by() != null && rise.within() != null && rise.severity() != null) {
            types.add(rising(kind));
        }
    }
}
