package id.jaga.simulator.load;

import id.jaga.config.Sensor;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.SimulatedInputs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The virtual agents of a load run, connected together and stopped together. */
final class VirtualFleet implements AutoCloseable {
    private final List<VirtualAgent> agents = new ArrayList<>();
    private final SendCounts counts = new SendCounts();

    /** One virtual agent for each of {@code agentIds}, with its counters under {@code stateDir}. */
    VirtualFleet(SiteConfig site, List<String> agentIds, SimulatedInputs world, Path stateDir, Clock clock) {
        // Grouped once: a pass over every sensor of a large site per agent would take seconds.
        Map<String, List<Sensor>> sensorsByAgent = site.sensors().map(SiteConfig.PlacedSensor::sensor)
                .collect(Collectors.groupingBy(Sensor::agent));
        agentIds.forEach(id -> agents.add(new VirtualAgent(site, id, sensorsByAgent.getOrDefault(id, List.of()), world,
                stateDir, clock, counts)));
    }

    /** Connects every agent (each sends its birth) and returns once all are connected. */
    VirtualFleet connect(Duration timeout) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(agents.size());
        agents.forEach(a -> a.start(connected::countDown));
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            long missing = agents.stream().filter(a -> !a.isConnected()).count();
            throw new IllegalStateException(missing + " of " + agents.size() + " virtual agents could not connect to the broker within "
                    + timeout.toSeconds() + " s");
        }
        return this;
    }

    List<VirtualAgent> agents() {
        return agents;
    }

    SendCounts counts() {
        return counts;
    }

    @Override
    public void close() {
        agents.parallelStream().forEach(VirtualAgent::close);
    }
}
