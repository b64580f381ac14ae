package id.jaga.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * Something an agent switches: a door-lock relay, a siren, a general relay. Driven only by signed
 * commands from the controller or by the agent's local fail-safe rules.
 */
public record Output(String id, Kind kind, Map<String, Object> driver) {
    public Output {
        driver = Lists.of(driver);
    }

    public String driverType() {
        Object type = driver.get("type");
        return type == null ? null : type.toString();
    }

    public enum Kind implements WireNamed {
        LOCK("lock"), SIREN("siren"), RELAY("relay");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }
}
