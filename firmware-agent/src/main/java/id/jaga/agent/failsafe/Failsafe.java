package id.jaga.agent.failsafe;

import id.jaga.agent.output.Outputs;
import id.jaga.config.FailsafeRule;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own protection, which needs neither broker nor controller: e.g. smoke switches the
 * siren on at once. Each action is reported as an event, queued, so the controller learns of it
 * once connected.
 */
public final class Failsafe {
    private static final Logger LOG = LoggerFactory.getLogger(Failsafe.class);
    private final List<FailsafeRule> rules;
    private final Outputs outputs;
    private final BiConsumer<FailsafeRule, Map<String, String>> report;
    private final Set<FailsafeRule> active = new HashSet<>();

    public Failsafe(List<FailsafeRule> rules, Outputs outputs, BiConsumer<FailsafeRule, Map<String, String>> report) {
        this.rules = List.copyOf(rules);
        this.outputs = outputs;
        this.report = report;
    }

    public synchronized void onReading(Reading reading) {
        if (reading.quality() != Quality.GOOD || reading.value() == null) {
            return; // a failed read neither triggers nor releases a rule
        }
        for (FailsafeRule rule : rules) {
            if (!rule.sensor().equals(reading.sensor())) {
                continue;
            }
            boolean triggered = rule.triggeredBy(reading.value());
            if (triggered && active.add(rule)) {
                outputs.set(rule.output(), true);
                LOG.warn("fail-safe: {} reads {}, {} switched on", rule.sensor(), reading.value(), rule.output());
                report.accept(rule, Map.of("output", rule.output(), "state", "on", "value", reading.value().toString()));
            } else if (!triggered && !rule.latch() && active.remove(rule)) {
                outputs.set(rule.output(), false);
                LOG.info("fail-safe: {} back to {}, {} switched off", rule.sensor(), reading.value(), rule.output());
                report.accept(rule, Map.of("output", rule.output(), "state", "off", "value", reading.value().toString()));
            }
        }
    }
}
