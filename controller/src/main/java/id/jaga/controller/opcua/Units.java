package id.jaga.controller.opcua;

import id.jaga.config.SensorKind;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;

/**
 * Each sensor kind's unit as OPC UA EngineeringUnits: the UNECE Recommendation 20 code, which OPC UA
 * clients recognise by its {@code unitId}, with the unit's symbol to show. Contacts (door, smoke...)
 * and the load average are counts, UNECE "C62" (one).
 */
final class Units {
    /** The namespace OPC UA (Part 8) names for UNECE unit codes. */
    static final String UNECE = "http://www.opcfoundation.org/UA/units/un/cefact";

    private Units() {
    }

    /** Empty for a kind reported as text (the UPS status tokens). */
    static Optional<EUInformation> of(SensorKind kind) {
        return Optional.ofNullable(switch (kind) {
            case TEMPERATURE, DEW_POINT, CPU_TEMPERATURE -> unit("CEL", "°C", "degree Celsius");
            case HUMIDITY -> unit("P1", "%RH", "percent relative humidity");
            case POWER -> unit("WTT", "W", "watt");
            case VOLTAGE, MAINS_VOLTAGE -> unit("VLT", "V", "volt");
            case CURRENT -> unit("AMP", "A", "ampere");
            case ENERGY -> unit("KWH", "kWh", "kilowatt hour");
            case BATTERY_CHARGE, UPS_LOAD -> unit("P1", "%", "percent");
            case BATTERY_RUNTIME -> unit("SEC", "s", "second");
            case DISK_FREE -> unit("4L", "MB", "megabyte");
            case DOOR -> unit("C62", "open", "1 while open, 0 while closed");
            case SMOKE, TAMPER -> unit("C62", "alarm", "1 while in alarm, 0 otherwise");
            case EXIT_REQUEST -> unit("C62", "pressed", "1 while pressed, 0 otherwise");
            case CPU_LOAD -> unit("C62", "load", "runnable tasks, 1-minute average");
            case UPS_STATUS -> null;
        });
    }

    private static EUInformation unit(String code, String symbol, String description) {
        return new EUInformation(UNECE, unitId(code), LocalizedText.english(symbol), LocalizedText.english(description));
    }

    /** OPC UA Part 8: the code's characters, as bytes, in one integer ("CEL" is 4408652). */
    static int unitId(String code) {
        int id = 0;
        for (char c : code.toCharArray()) {
            id = id << 8 | c;
        }
        return id;
    }
}
