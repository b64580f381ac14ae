package id.jaga.agent.output;

import id.jaga.config.Output;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.output.Switch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The agent's outputs by id, with timed pulses (a door unlocked for N seconds, then locked again). */
public final class Outputs implements AutoCloseable {
    private final Map<String, Output> configured = new LinkedHashMap<>();
    private final Map<String, Switch> switches = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> pulses = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-outputs");
        t.setDaemon(true);
        return t;
    });

    public Outputs(List<Output> outputs, Drivers drivers) {
        for (Output o : outputs) {
            configured.put(o.id(), o);
            switches.put(o.id(), drivers.open(o));
        }
    }

    public Optional<Output> get(String id) {
        return Optional.ofNullable(configured.get(id));
    }

    public synchronized void set(String id, boolean on) {
        cancelPulse(id);
        switches.get(id).set(on);
    }

    /** On now, off after {@code seconds}; a new pulse replaces a running one. */
    public void pulse(String id, int seconds) {
        pulse(id, java.time.Duration.ofSeconds(seconds));
    }

    /** On now, off after {@code length}; a new pulse replaces a running one. */
    public synchronized void pulse(String id, java.time.Duration length) {
        cancelPulse(id);
        switches.get(id).set(true);
        pulses.put(id, timer.schedule(() -> {
            synchronized (this) {
                switches.get(id).set(false);
                pulses.remove(id);
            }
        }, length.toMillis(), TimeUnit.MILLISECONDS));
    }

    public synchronized boolean isOn(String id) {
        return switches.get(id).isOn();
    }

    private void cancelPulse(String id) {
        ScheduledFuture<?> running = pulses.remove(id);
        if (running != null) {
            running.cancel(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        switches.values().forEach(Switch::close);
    }
}
