package id.jaga.controller.alarm;

import id.jaga.config.AlarmTypes;
import id.jaga.config.SensorKind;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.sensors.driver.nut.UpsStatus;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Alarms that follow a state rather than a limit: smoke is CRITICAL at once; each UPS status token
 * that means trouble (NUT conventions) raises its own alarm while the token is present; and a UPS
 * that stops answering while it was on battery counts as low battery, since nobody can tell how
 * long it will last.
 */
public final class DiscreteRules {
    /** UPS status token, alarm type and severity, in a fixed order so each message's changes come out alike. */
    private static final Map<String, Rule> UPS = new LinkedHashMap<>();

    static {
        UPS.put("OB", new Rule(AlarmTypes.UPS_ON_BATTERY, Severity.MAJOR, "on battery: mains power lost"));
        UPS.put("LB", new Rule(AlarmTypes.UPS_LOW_BATTERY, Severity.CRITICAL, "battery low: shutdown is near"));
        UPS.put("RB", new Rule(AlarmTypes.UPS_REPLACE_BATTERY, Severity.MINOR, "battery needs replacing"));
        UPS.put("OVER", new Rule(AlarmTypes.UPS_OVERLOAD, Severity.MAJOR, "overloaded"));
        UPS.put("BYPASS", new Rule(AlarmTypes.UPS_BYPASS, Severity.MAJOR, "on bypass: the load is not protected"));
        UPS.put("FSD", new Rule(AlarmTypes.UPS_FORCED_SHUTDOWN, Severity.CRITICAL, "forced shutdown in progress"));
        UPS.put("OFF", new Rule(AlarmTypes.UPS_OFF, Severity.CRITICAL, "output off"));
        UPS.put("ALARM", new Rule(AlarmTypes.UPS_ALARM, Severity.MAJOR, "reports an alarm"));
    }

    private static final String LOW_BATTERY = "LB";

    private final AlarmService alarms;
    private final Map<String, Set<String>> lastStatus = new HashMap<>();

    public DiscreteRules(AlarmService alarms) {
        this.alarms = alarms;
    }

    public void evaluate(PlacedSensor placed, Reading reading) throws SQLException {
        String source = placed.sensor().id();
        if (placed.sensor().kind() == SensorKind.SMOKE && reading.quality() == Quality.GOOD) {
            boolean smoke = reading.value() >= 0.5;
            // Latched: smoke that stops is still a fire until someone has looked.
            alarms.condition(source, AlarmTypes.SMOKE, smoke ? Severity.CRITICAL : null, "smoke detected by " + source,
                    reading.value(), placed.sensor().unit(), true);
        } else if (placed.sensor().kind() == SensorKind.UPS_STATUS) {
            ups(source, reading);
        }
    }

    private void ups(String source, Reading reading) throws SQLException {
        if (reading.quality() == Quality.GOOD) {
            Set<String> tokens = UpsStatus.parse(reading.text());
            lastStatus.put(source, tokens);
            for (Map.Entry<String, Rule> rule : UPS.entrySet()) {
                Rule r = rule.getValue();
                boolean present = tokens.contains(rule.getKey());
                alarms.condition(source, r.type(), present ? r.severity() : null,
                        "UPS " + source + " " + r.text() + " (" + reading.text() + ")", null);
            }
        } else if (lastStatus.getOrDefault(source, Set.of()).contains("OB")) {
            Rule low = UPS.get(LOW_BATTERY);
            alarms.condition(source, low.type(), low.severity(), "UPS " + source + " lost while on battery ("
                    + reading.reason() + "): counted as low battery", null);
        }
    }

    private record Rule(String type, Severity severity, String text) {
    }
}
