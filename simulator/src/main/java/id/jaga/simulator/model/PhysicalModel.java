package id.jaga.simulator.model;

import id.jaga.config.ModelSettings;
import id.jaga.config.Rack;
import id.jaga.config.Room;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.sensors.driver.host.PiHealthDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.simulator.model.Instruments.Instrument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The physical world of a site, written into {@link SimulatedInputs} for the real agents to read:
 * heat of the racks against the cooling of each room, mains and the UPS battery, the energy meters,
 * smoke, doors and sensor faults. Time moves only by {@link #advanceTo}, in fixed steps of
 * {@code model.step}; the noise comes from one generator seeded by {@code model.seed}. So the
 * same seed and the same calls at the same simulated instants give the same readings, however
 * late in real time the calls come. Changes (a cooling unit failing, a new load) act from the next
 * step; doors, badges and smoke reach the agents at once. Equations: docs/simulator.md.
 */
public final class PhysicalModel {
    private final SimulatedInputs inputs;
    private final Duration step;
    private final double stepSeconds;
    private final SplittableRandom random;
    private final Mains mains;
    private final Ups ups;
    private final Map<String, RoomAir> rooms = new LinkedHashMap<>();
    private final Map<String, RackHeat> racks = new LinkedHashMap<>();
    private final Map<String, CoolingUnit> cooling = new LinkedHashMap<>();
    private final Map<String, Door> doors = new LinkedHashMap<>();
    private final Smoke smoke;
    private final Instruments instruments;
    private Instant now;
    private double facilityW;
    private double facilityEnergyJ;
    private double pueFacilityJ; // facility and IT energy over the steps PUE counts: the UPS not on battery
    private double pueItJ;
    private double pueSeconds;
    private double batterySeconds;

    /** The site's model from its {@code model} section, starting at {@code start} and writing its first readings at once. */
    public PhysicalModel(SiteConfig site, SimulatedInputs inputs, Instant start) {
        ModelSettings settings = site.model();
        ModelDefaults defaults = new ModelDefaults(site);
        this.inputs = inputs;
        this.step = settings.step();
        this.stepSeconds = step.toNanos() / 1e9;
        this.random = new SplittableRandom(settings.seed());
        this.now = start;
        this.mains = new Mains(settings.mains().voltageV());
        for (Rack rack : site.racks()) {
            racks.put(rack.id(), new RackHeat(rack.id(), rack.room(), defaults.rackLoadW(rack), defaults.airflowM3PerS(rack),
                    defaults.inletOffsetC(rack)));
        }
        for (Room room : site.rooms()) {
            List<CoolingUnit> units = new ArrayList<>();
            List<ModelSettings.CoolingSettings> configured = settings.room(room.id()).map(ModelSettings.RoomSettings::cooling)
                    .orElse(List.of());
            if (configured.isEmpty()) {
                units.add(new CoolingUnit(room.id() + "-cooling", room.id(), defaults.coolingCapacityW(room), 3.0));
            }
            configured.forEach(c -> units.add(new CoolingUnit(c.id(), room.id(), c.capacityKw() * 1000, c.cop())));
            units.forEach(u -> cooling.put(u.id(), u));
            rooms.put(room.id(), new RoomAir(room.id(), defaults.thermalMassJPerK(room), defaults.supplyC(room),
                    defaults.humidityPercent(room), defaults.lightingW(room), units));
        }
        double itW = racks.values().stream().mapToDouble(RackHeat::loadW).sum();
        ModelSettings.UpsSettings u = settings.ups();
        this.ups = new Ups(defaults.upsRatedW(itW), defaults.batteryWh(itW), u.efficiency(), u.peukert(),
                u.lowBatteryPercent(), u.lowRuntime(), u.rechargeTime(), u.chargePercent());

        Map<String, List<String>> detectors = new LinkedHashMap<>();
        List<Instrument> measured = new ArrayList<>();
        // Every sensor but the Pi's own health: simulated ones read the world directly, hardware ones
        // through the fake hardware that mirrors it.
        site.sensors().filter(p -> !PiHealthDriver.TYPE.equals(p.sensor().driverType())).forEach(p -> {
            SensorKind kind = p.sensor().kind();
            if (kind == SensorKind.SMOKE) {
                detectors.computeIfAbsent(p.room(), r -> new ArrayList<>()).add(p.sensor().id());
            } else if (kind == SensorKind.DOOR) {
                doors.put(p.sensor().id(), new Door(p.sensor().id(), inputs));
            } else {
                Instrument i = instrument(p, settings);
                if (i != null) {
                    measured.add(i);
                }
            }
        });
        this.smoke = new Smoke(inputs, detectors, settings.smokeSpreadAfter());
        this.instruments = new Instruments(inputs, measured);
        step(0); // the state at the start, so agents read the model from their first poll
    }

    /** Runs every whole step that ends by {@code until}. */
    public synchronized void advanceTo(Instant until) {
        while (!now.plus(step).isAfter(until)) {
            now = now.plus(step);
            step(stepSeconds);
        }
    }

    /** Runs the model for {@code by} from where it is, in whole steps. */
    public synchronized void advance(Duration by) {
        advanceTo(now.plus(by));
    }

    private void step(double seconds) {
        boolean grid = mains.usable();
        double demandW = racks.values().stream().mapToDouble(RackHeat::loadW).sum();
        boolean powered = ups.step(demandW, grid, seconds);
        racks.values().forEach(r -> r.step(powered, seconds));
        double itW = itPowerW();
        double plantW = 0;
        for (RoomAir room : rooms.values()) {
            double heat = racks.values().stream().filter(r -> r.room().equals(room.id())).mapToDouble(RackHeat::powerW).sum();
            room.step(heat, grid, seconds);
            plantW += room.coolingPowerW() + room.lightingPowerW();
        }
        facilityW = ups.inputW(itW, grid) + plantW;
        facilityEnergyJ += facilityW * seconds;
        if (grid) {
            pueFacilityJ += facilityW * seconds;
            pueItJ += itW * seconds;
            pueSeconds += seconds;
        } else {
            batterySeconds += seconds; // the racks ran from the battery (or not at all): no facility energy to set against them
        }
        smoke.step(now);
        instruments.write(random);
    }

    public synchronized Instant now() {
        return now;
    }

    public Duration step() {
        return step;
    }

    public Mains mains() {
        return mains;
    }

    public Ups ups() {
        return ups;
    }

    public CoolingUnit coolingUnit(String id) {
        return find(cooling, id, "cooling unit");
    }

    public List<CoolingUnit> coolingUnits() {
        return List.copyOf(cooling.values());
    }

    public RackHeat rack(String id) {
        return find(racks, id, "rack");
    }

    public RoomAir room(String id) {
        return find(rooms, id, "room");
    }

    public List<RoomAir> rooms() {
        return List.copyOf(rooms.values());
    }

    /** A simulated door contact, by its sensor id. */
    public Door door(String contact) {
        return find(doors, contact, "simulated door contact");
    }

    /** Someone presents a badge at a simulated reader. */
    public void badge(String reader, String card) {
        inputs.presentBadge(reader, card);
    }

    /** Smoke reaches this detector now, and its room's other detectors after {@code model.smokeSpreadAfter} each. */
    public synchronized void smoke(String detector) {
        smoke.detect(detector, now);
    }

    /** The air is clear: every detector resets. */
    public synchronized void clearSmoke() {
        smoke.clear();
    }

    public synchronized boolean smokeDetected(String detector) {
        return smoke.active(detector);
    }

    public void fault(String sensor, Fault.Kind kind) {
        fault(sensor, Fault.of(kind));
    }

    public synchronized void fault(String sensor, Fault fault) {
        instruments.fault(sensor, fault);
    }

    public synchronized void clearFault(String sensor) {
        instruments.clearFault(sensor);
    }

    /**
     * The model stops writing this sensor, so someone else (the demo prompt, a test) can set it,
     * until {@link #release}. Sensors the model does not write need no hold.
     */
    public synchronized void hold(String sensor) {
        instruments.hold(sensor);
    }

    /** The model writes the sensor again from the next step. */
    public synchronized void release(String sensor) {
        instruments.release(sensor);
    }

    /** What the racks draw now, W. */
    public synchronized double itPowerW() {
        return racks.values().stream().mapToDouble(RackHeat::powerW).sum();
    }

    /** What the site draws from mains now: UPS input (IT, losses, charger), cooling and lighting, W. */
    public synchronized double facilityPowerW() {
        return facilityW;
    }

    /** IT energy of every rack since the start, kWh (exact over the model's steps). */
    public synchronized double itEnergyKwh() {
        return racks.values().stream().mapToDouble(RackHeat::itEnergyKwh).sum();
    }

    /** Energy drawn from mains since the start, kWh. */
    public synchronized double facilityEnergyKwh() {
        return facilityEnergyJ / 3.6e6;
    }

    /**
     * Facility over IT energy since the start, over the time mains was on only; NaN before any. While
     * mains is off the UPS carries the racks from its battery and the facility meter reads nothing, so
     * that time is left out ({@link #pueLeftOutShare}), as the controller leaves it out; the battery's
     * recharge afterwards is facility energy and counts.
     */
    public synchronized double pue() {
        return pueItJ > 0 ? pueFacilityJ / pueItJ : Double.NaN;
    }

    /** The share of the time since the start that {@link #pue()} leaves out: the UPS on battery, 0 to 1. */
    public synchronized double pueLeftOutShare() {
        double all = pueSeconds + batterySeconds;
        return all > 0 ? batterySeconds / all : 0;
    }

    private Instrument instrument(PlacedSensor p, ModelSettings settings) {
        String id = p.sensor().id();
        double noise = ModelDefaults.noise(p.sensor());
        RackHeat rack = p.rack() == null ? null : racks.get(p.rack());
        RoomAir room = rooms.get(p.room());
        boolean outlet = ModelSettings.OUTLET.equals(settings.position(id));
        DoubleSupplier airC = rack == null ? room::temperatureC
                : outlet ? () -> rack.outletC(room.temperatureC()) : () -> rack.inletC(room.temperatureC());
        Function<DoubleSupplier, Instrument> number = v -> new Instrument(id, p.sensor().kind(), noise, 2, v, null);
        return switch (p.sensor().kind()) {
            case TEMPERATURE -> number.apply(airC);
            case HUMIDITY -> number.apply(() -> room.relativeHumidityPercent(airC.getAsDouble()));
            case DEW_POINT -> number.apply(room::dewPointC);
            case POWER -> number.apply(rack != null ? rack::powerW : this::facilityPowerW);
            case CURRENT -> number.apply(rack != null ? () -> amps(rack.powerW(), outputV()) : () -> amps(facilityW, mains.voltageV()));
            case ENERGY -> new Instrument(id, SensorKind.ENERGY, 0, 3, rack != null ? rack::itEnergyKwh : this::facilityEnergyKwh, null);
            case MAINS_VOLTAGE -> number.apply(mains::voltageV);
            case VOLTAGE -> number.apply(rack != null ? this::outputV : mains::voltageV);
            case BATTERY_CHARGE -> number.apply(ups::chargePercent);
            case BATTERY_RUNTIME -> new Instrument(id, SensorKind.BATTERY_RUNTIME, noise, 0, ups::runtimeSeconds, null);
            case UPS_LOAD -> number.apply(ups::loadPercent);
            case UPS_STATUS -> new Instrument(id, SensorKind.UPS_STATUS, 0, 0, null, ups::status);
            default -> null; // the agent host's own health, exit buttons, tamper switches: not the room's physics
        };
    }

    /** The UPS output voltage the racks see. */
    private double outputV() {
        return ups.outputOn() ? mains.nominalV() : 0;
    }

    private static double amps(double watts, double volts) {
        return volts > 0 ? watts / volts : 0;
    }

    private static <T> T find(Map<String, T> map, String id, String what) {
        T found = map.get(id);
        if (found == null) {
            throw new IllegalArgumentException("no " + what + " '" + id + "'; known: " + String.join(", ", map.keySet()));
        }
        return found;
    }
}
