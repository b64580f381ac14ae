package id.jaga.config;

import java.util.Map;

/**
 * A badge reader or keypad on an agent: a Wiegand reader on two GPIO pins
 * ({@code {type: wiegand, d0: 5, d1: 6}}) or, for tests and the simulator, {@code {type: simulated}}.
 */
public record Reader(String id, Map<String, Object> driver) {
    public Reader {
        driver = Lists.of(driver);
    }

    public String driverType() {
        Object type = driver.get("type");
        return type == null ? null : type.toString();
    }
}
