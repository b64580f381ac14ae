package id.jaga.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a sensor measures, with the one unit it is reported in on the wire. */
public enum SensorKind implements WireNamed {
    TEMPERATURE("temperature", "C"),
    HUMIDITY("humidity", "%RH"),
    /** The air's dew point: measured, or derived by the controller from a humidity and a temperature sensor. */
    DEW_POINT("dew-point", "C"),
    POWER("power", "W"),
    VOLTAGE("voltage", "V"),
    /** The mains (utility) supply as the UPS sees it at its input: its own kind, with the grid's tolerance as defaults. */
    MAINS_VOLTAGE("mains-voltage", "V"),
    CURRENT("current", "A"),
    ENERGY("energy", "kWh"),
    BATTERY_CHARGE("battery-charge", "%"),
    BATTERY_RUNTIME("battery-runtime", "s"),
    UPS_LOAD("ups-load", "%"),
    UPS_STATUS("ups-status", "tokens"),
    DOOR("door", "open"),
    SMOKE("smoke", "alarm"),
    /** A door's exit button (request to exit): 1 while pressed; it lets the door open without a badge. */
    EXIT_REQUEST("exit-request", "pressed"),
    /** A lock's or reader's tamper switch: 1 while its cover is open or it is torn off the wall. */
    TAMPER("tamper", "alarm"),
    /** The agent host's own CPU: its own kind so rack inlet limits never apply to it. */
    CPU_TEMPERATURE("cpu-temperature", "C"),
    /** The agent host's 1-minute load average: a count of runnable tasks, so its unit is just "load". */
    CPU_LOAD("cpu-load", "load"),
    /** Free space on the agent host's disk, in MB (10^6 bytes). */
    DISK_FREE("disk-free", "MB");

    private final String wire;
    private final String unit;

    SensorKind(String wire, String unit) {
        this.wire = wire;
        this.unit = unit;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public String unit() {
        return unit;
    }

    /** Door and smoke report 1 (open, smoke) or 0; UPS status reports a set of NUT tokens as text. */
    public boolean isNumeric() {
        return this != UPS_STATUS;
    }

    /** A two-state contact (door, smoke, exit button, tamper switch): reported as 1 or 0, and at once when it changes. */
    public boolean isContact() {
        return this == DOOR || this == SMOKE || this == EXIT_REQUEST || this == TAMPER;
    }

    public static String known() {
        return Arrays.stream(values()).map(SensorKind::wire).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wire;
    }
}
