package id.jaga.simulator.model;

import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Quality;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The model's quantities as the site's sensors read them: each step every instrument
 * writes its value (plus its sensor's {@code noise}) into the simulated world, unless a fault
 * says otherwise.
 */
final class Instruments {
    private static final double DEFAULT_NOISE = 2;
    private final SimulatedInputs inputs;
    private final Map<String, Instrument> byId = new LinkedHashMap<>();
    private final Map<String, Fault> faults = new HashMap<>();
    private final Set<String> held = new HashSet<>();

    Instruments(SimulatedInputs inputs, List<Instrument> instruments) {
        this.inputs = inputs;
        instruments.forEach(i -> byId.put(i.sensor(), i));
    }

    /** Writes every instrument once; the noise comes from {@code random} in site order, so runs repeat. */
    synchronized void write(RandomGenerator random) {
        for (Instrument i : byId.values()) {
            if (held.contains(i.sensor())) {
                continue;
            }
            Fault fault = faults.get(i.sensor());
            Fault.Kind kind = fault == null ? null : fault.kind();
            if (kind == Fault.Kind.STUCK || kind == Fault.Kind.DROPOUT || kind == Fault.Kind.CRC) {
                continue; // frozen, or failing since the fault began
            }
            if (i.text() != null) {
                inputs.setText(i.sensor(), i.text().get());
                continue;
            }
            double value = i.value().getAsDouble();
            if (i.noise() > 0) {
                value += i.noise() * random.nextGaussian();
            }
            if (kind == Fault.Kind.NOISY) {
                value += (fault.amount() == null ? DEFAULT_NOISE : fault.amount()) * random.nextGaussian();
            } else if (kind == Fault.Kind.OUT_OF_RANGE) {
                value = fault.amount() == null ? absurd(i.kind()) : fault.amount();
            }
            inputs.set(i.sensor(), round(value, i.decimals()));
        }
    }

    synchronized void fault(String sensor, Fault fault) {
        Instrument i = instrument(sensor);
        if (i.text() != null && Set.of(Fault.Kind.NOISY, Fault.Kind.OUT_OF_RANGE).contains(fault.kind())) {
            throw new IllegalArgumentException(fault.kind().wire() + " applies to sensors with a number; " + sensor
                    + " is a " + i.kind() + " sensor");
        }
        faults.put(sensor, fault);
        switch (fault.kind()) {
            case DROPOUT -> inputs.fail(sensor, Quality.STALE, "no answer from the sensor");
            case CRC -> inputs.fail(sensor, Quality.BAD, "CRC error");
            default -> { }
        }
    }

    /** Back to the modelled value from the next step on. */
    synchronized void clearFault(String sensor) {
        instrument(sensor);
        faults.remove(sensor);
    }

    /** Leaves a sensor to someone else until {@link #release}; a sensor the model does not write is left anyway. */
    synchronized void hold(String sensor) {
        if (byId.containsKey(sensor)) {
            held.add(sensor);
        }
    }

    synchronized void release(String sensor) {
        held.remove(sensor);
    }

    private Instrument instrument(String sensor) {
        Instrument i = byId.get(sensor);
        if (i == null) {
            throw new IllegalArgumentException("no modelled sensor '" + sensor + "'; known: " + String.join(", ", byId.keySet()));
        }
        return i;
    }

    /** A value no healthy sensor of the kind reports. */
    static double absurd(SensorKind kind) {
        return switch (kind) {
            case TEMPERATURE, DEW_POINT -> -127; // a DS18B20 that lost its device
            case HUMIDITY, BATTERY_CHARGE, UPS_LOAD -> 655.35; // an all-ones 16-bit register scaled by 0.01
            default -> -1;
        };
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** One sensor's view of the model: a number (with the sensor's noise) or, for the UPS status, text. */
    record Instrument(String sensor, SensorKind kind, double noise, int decimals,
                      java.util.function.DoubleSupplier value, java.util.function.Supplier<String> text) {
    }
}
