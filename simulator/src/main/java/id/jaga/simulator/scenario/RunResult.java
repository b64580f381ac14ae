package id.jaga.simulator.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A finished run: its timeline in scenario time, a verdict per expectation, and the warnings about
 * how far to trust it (a speed too high for the site's timeouts, say).
 */
public record RunResult(Scenario scenario, List<Entry> timeline, List<Verdict> verdicts, List<String> warnings,
                        Duration wallTime) {
    public RunResult {
        timeline = List.copyOf(timeline);
        verdicts = List.copyOf(verdicts);
        warnings = List.copyOf(warnings);
    }

    public boolean passed() {
        return verdicts.stream().allMatch(Verdict::passed);
    }

    /** One line of the timeline: what kind of thing happened, when, and what. */
    public record Entry(Duration at, Kind kind, String text) {
    }

    public enum Kind {
        EVENT, ALARM, FAILOVER, SECURITY, DRC;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
