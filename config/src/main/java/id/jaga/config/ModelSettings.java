package id.jaga.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The simulator's physical model of the site: the {@code model} section of a site or scenario file.
 * Agents and controller ignore it. Every value is optional; what is absent here is either a fixed
 * default (below) or derived from the site by the simulator (rack loads from their power sensors'
 * {@code nominal}, cooling and UPS sized to the load, thermal mass from the room's floor area).
 * Units are in the key names: W, kW, Wh, J/K, C, %, m3/s.
 */
public record ModelSettings(Long seed, Duration step, Duration smokeSpreadAfter, MainsSettings mains, UpsSettings ups,
                            List<RoomSettings> rooms, List<RackSettings> racks, List<SensorSettings> sensors) {
    public static final ModelSettings DEFAULT = new ModelSettings(null, null, null, null, null, null, null, null);
    public static final String INLET = "inlet";
    public static final String OUTLET = "outlet";

    public ModelSettings {
        seed = seed == null ? 1L : seed;
        step = step == null ? Duration.ofSeconds(1) : step;
        smokeSpreadAfter = smokeSpreadAfter == null ? Duration.ofSeconds(60) : smokeSpreadAfter;
        mains = mains == null ? new MainsSettings(null) : mains;
        ups = ups == null ? new UpsSettings(null, null, null, null, null, null, null, null) : ups;
        rooms = Lists.of(rooms);
        racks = Lists.of(racks);
        sensors = Lists.of(sensors);
    }

    public Optional<RoomSettings> room(String id) {
        return rooms.stream().filter(r -> r != null && id.equals(r.id())).findFirst();
    }

    public Optional<RackSettings> rack(String id) {
        return racks.stream().filter(r -> r != null && id.equals(r.id())).findFirst();
    }

    /** Where a rack's temperature or humidity sensor sits: {@code inlet} (the default) or {@code outlet}. */
    public String position(String sensorId) {
        return sensors.stream().filter(s -> s != null && sensorId.equals(s.id()) && s.position() != null)
                .map(SensorSettings::position).findFirst().orElse(INLET);
    }

    /** The utility supply as the UPS input sees it. */
    public record MainsSettings(Double voltageV) {
        public MainsSettings {
            voltageV = voltageV == null ? 230.0 : voltageV;
        }
    }

    /**
     * The site's UPS. {@code batteryWh} is what the battery delivers at its one-hour rate; at other
     * loads Peukert's exponent {@code peukert} shortens or stretches the runtime. Absent
     * {@code ratedW} and {@code batteryWh} are sized to the site's IT load.
     */
    public record UpsSettings(Double ratedW, Double batteryWh, Double efficiency, Double peukert, Double lowBatteryPercent,
                              Duration lowRuntime, Duration rechargeTime, Double chargePercent) {
        public UpsSettings {
            efficiency = efficiency == null ? 0.95 : efficiency;
            peukert = peukert == null ? 1.2 : peukert;
            lowBatteryPercent = lowBatteryPercent == null ? 20.0 : lowBatteryPercent;
            lowRuntime = lowRuntime == null ? Duration.ofMinutes(2) : lowRuntime;
            rechargeTime = rechargeTime == null ? Duration.ofHours(8) : rechargeTime;
            chargePercent = chargePercent == null ? 100.0 : chargePercent;
        }
    }

    /**
     * A room's air: {@code thermalMassJPerK} sets how fast it warms without cooling, {@code supplyC}
     * is the cooling set point, {@code humidityPercent} the relative humidity at that temperature.
     */
    public record RoomSettings(String id, Double thermalMassJPerK, Double supplyC, Double humidityPercent, Double lightingW,
                               List<CoolingSettings> cooling) {
        public RoomSettings {
            cooling = Lists.of(cooling);
        }
    }

    /** A cooling unit (CRAC, split AC): heat it can remove, and its coefficient of performance. */
    public record CoolingSettings(String id, Double capacityKw, Double cop) {
        public CoolingSettings {
            cop = cop == null ? 3.0 : cop;
        }
    }

    /** A rack's IT load, the air its servers move, and how much warmer its inlet runs than the room's supply. */
    public record RackSettings(String id, Double loadW, Double airflowM3PerS, Double inletOffsetC) {
    }

    /** Where a sensor sits, when it is not where the model would assume. */
    public record SensorSettings(String id, String position) {
    }
}
