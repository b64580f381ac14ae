package id.jaga.simulator.scenario;

import id.jaga.config.SiteConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A drill written down: a site, the physical model's settings, when the clock starts and how fast
 * it runs, the timeline of what happens to the room, and what the controller is expected to do.
 * {@code start} null means the moment the run begins.
 */
public record Scenario(String name, String description, Path file, SiteConfig site, long seed, double speed,
                       Instant start, Duration duration, List<Step> steps, List<Expectation> expectations) {
    public Scenario {
        steps = List.copyOf(steps);
        expectations = List.copyOf(expectations);
    }

    /** The same drill with another seed or speed, e.g. from the command line. */
    public Scenario with(long newSeed, double newSpeed) {
        return new Scenario(name, description, file, site, newSeed, newSpeed, start, duration, steps, expectations);
    }

    /** Something done to the room, its network or the controller, {@code at} its time after the start. */
    public record Step(Duration at, Action action) {
    }
}
