package id.jaga.sensors.driver;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.wire.Reading;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A sensor without hardware: reads what {@link SimulatedInputs} holds for it, otherwise its
 * {@code nominal} value with gaussian {@code noise} (or its fixed {@code text} for UPS status).
 * The noise is seeded from the sensor id, so runs repeat.
 */
public final class SimulatedDriver implements SensorDriver {
    public static final String TYPE = "simulated";
    private final SimulatedInputs inputs;

    public SimulatedDriver(SimulatedInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(Sensor sensor, String path, Problems problems) {
        for (var entry : sensor.driver().entrySet()) {
            String key = entry.getKey();
            String at = path + ".driver." + key;
            switch (key) {
                case "type" -> { }
                case "nominal", "noise" -> {
                    if (!(entry.getValue() instanceof Number n) || ("noise".equals(key) && n.doubleValue() < 0)) {
                        problems.add(at, "expected a " + ("noise".equals(key) ? "non-negative " : "") + "number, found '" + entry.getValue() + "'");
                    }
                }
                case "text" -> {
                    if (sensor.kind() != null && sensor.kind().isNumeric()) {
                        problems.add(at, "text applies only to ups-status; " + sensor.kind() + " takes nominal");
                    }
                }
                default -> problems.add(at, "unknown key '" + key + "' for the simulated driver; known: type, nominal, noise, text");
            }
        }
    }

    @Override
    public SensorReader open(Sensor sensor) {
        double nominal = number(sensor, "nominal", 0);
        double noise = number(sensor, "noise", 0);
        Object fixedText = sensor.driver().get("text");
        Random random = new Random(sensor.id().hashCode());
        SensorReader reader = now -> inputs.get(sensor.id())
                .map(in -> in.failure() != null ? Reading.failed(sensor.id(), in.failure(), in.reason(), sensor.unit(), now)
                        : in.text() != null ? Reading.goodText(sensor.id(), in.text(), sensor.unit(), now)
                        : Reading.good(sensor.id(), in.value(), sensor.unit(), now))
                .orElseGet(() -> nominal(sensor, fixedText, nominal + noise * random.nextGaussian(), now));
        boolean contact = sensor.kind().isContact();
        return contact ? new Contact(sensor.id(), nominal >= 0.5, reader) : reader;
    }

    /** A simulated door or smoke contact: like the GPIO one, it reports each change of state at once. */
    private final class Contact implements SensorReader, EdgeSensor {
        private final String sensor;
        private final SensorReader reader;
        private final List<Consumer<Double>> registered = new CopyOnWriteArrayList<>();
        private volatile boolean active;

        Contact(String sensor, boolean active, SensorReader reader) {
            this.sensor = sensor;
            this.active = active;
            this.reader = reader;
        }

        @Override
        public Reading read(Instant now) {
            return reader.read(now);
        }

        @Override
        public void onChange(Consumer<Boolean> listener) {
            Consumer<Double> onSet = value -> {
                boolean now = value >= 0.5;
                if (now != active) {
                    active = now;
                    listener.accept(now);
                }
            };
            registered.add(onSet);
            inputs.onSet(sensor, onSet);
        }

        @Override
        public void close() {
            registered.forEach(l -> inputs.removeListener(sensor, l));
        }
    }

    private static Reading nominal(Sensor sensor, Object text, double value, Instant now) {
        if (!sensor.kind().isNumeric()) {
            return Reading.goodText(sensor.id(), text == null ? "OL" : text.toString(), sensor.unit(), now);
        }
        return Reading.good(sensor.id(), Math.round(value * 100) / 100.0, sensor.unit(), now);
    }

    private static double number(Sensor sensor, String key, double fallback) {
        return sensor.driver().get(key) instanceof Number n ? n.doubleValue() : fallback;
    }
}
