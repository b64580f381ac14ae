package id.jaga.simulator.model;

import id.jaga.config.ModelSettings;
import id.jaga.config.Rack;
import id.jaga.config.Room;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.sensors.driver.SimulatedDriver;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * What the model assumes where the {@code model} section says nothing, read from the site: a rack
 * draws its power sensor's {@code nominal}, a room is kept at the mean of its inlet sensors'
 * {@code nominal}, cooling and UPS are sized to the load with the margins a designer would give.
 */
final class ModelDefaults {
    static final double RACK_LOAD_W = 2000;
    static final double SUPPLY_C = 22;
    static final double HUMIDITY_PERCENT = 45;
    /**
     * Air, racks, floor and walls that warm with the room: 60 kJ/K per m2 of floor. A 4 m x 3 m room
     * (720 kJ/K) with 6.6 kW of IT and no cooling warms 0.55 K a minute: 13 minutes from 20 to 27 C.
     */
    static final double THERMAL_MASS_J_PER_K_M2 = 60_000;
    static final double THERMAL_MASS_J_PER_K = 600_000;
    static final double LIGHTING_W_PER_M2 = 10;
    static final double LIGHTING_W = 100;
    /** Cooling and UPS have 50 % more capacity than the load they were sized for. */
    static final double MARGIN = 1.5;
    /** A full battery carries the site's IT load for 20 minutes. */
    static final double RUNTIME_HOURS = 1.0 / 3;
    /** Servers move enough air to warm it 12 K at their own load. */
    static final double DESIGN_DELTA_T_K = 12;

    private final SiteConfig site;
    private final ModelSettings settings;

    ModelDefaults(SiteConfig site) {
        this.site = site;
        this.settings = site.model();
    }

    double rackLoadW(Rack rack) {
        return settings.rack(rack.id()).map(ModelSettings.RackSettings::loadW)
                .orElseGet(() -> rack.sensors().stream().filter(s -> s.kind() == SensorKind.POWER)
                        .map(ModelDefaults::nominal).filter(n -> n != null).findFirst().orElse(RACK_LOAD_W));
    }

    double airflowM3PerS(Rack rack) {
        double load = rackLoadW(rack) > 0 ? rackLoadW(rack) : RACK_LOAD_W;
        return settings.rack(rack.id()).map(ModelSettings.RackSettings::airflowM3PerS)
                .orElse(load / (Air.HEAT_CAPACITY_J_PER_M3K * DESIGN_DELTA_T_K));
    }

    /** How much warmer than its room's mean the rack's inlet sensor's nominal is. */
    double inletOffsetC(Rack rack) {
        return settings.rack(rack.id()).map(ModelSettings.RackSettings::inletOffsetC).orElseGet(() -> {
            OptionalDouble mean = inletNominals(rack.room()).average();
            return inletNominals(rack.room(), rack.id()).findFirst().stream()
                    .mapToDouble(n -> n - mean.orElse(n)).findFirst().orElse(0);
        });
    }

    double supplyC(Room room) {
        return settings.room(room.id()).map(ModelSettings.RoomSettings::supplyC)
                .orElseGet(() -> inletNominals(room.id()).average().orElse(SUPPLY_C));
    }

    double humidityPercent(Room room) {
        return settings.room(room.id()).map(ModelSettings.RoomSettings::humidityPercent)
                .orElseGet(() -> simulated(room.id()).filter(p -> p.sensor().kind() == SensorKind.HUMIDITY)
                        .map(p -> nominal(p.sensor())).filter(n -> n != null).mapToDouble(Double::doubleValue)
                        .average().orElse(HUMIDITY_PERCENT));
    }

    double thermalMassJPerK(Room room) {
        return settings.room(room.id()).map(ModelSettings.RoomSettings::thermalMassJPerK)
                .orElse(area(room) > 0 ? THERMAL_MASS_J_PER_K_M2 * area(room) : THERMAL_MASS_J_PER_K);
    }

    double lightingW(Room room) {
        return settings.room(room.id()).map(ModelSettings.RoomSettings::lightingW)
                .orElse(area(room) > 0 ? LIGHTING_W_PER_M2 * area(room) : LIGHTING_W);
    }

    /** One unit able to remove the room's heat with the margin, in whole kW. */
    double coolingCapacityW(Room room) {
        double heat = site.racks().stream().filter(r -> r.room().equals(room.id())).mapToDouble(this::rackLoadW).sum()
                + lightingW(room);
        return 1000 * Math.max(1, Math.ceil(MARGIN * heat / 1000));
    }

    double upsRatedW(double itW) {
        ModelSettings.UpsSettings ups = settings.ups();
        return ups.ratedW() != null ? ups.ratedW() : 1000 * Math.max(1, Math.ceil(MARGIN * itW / 1000));
    }

    /** The one-hour energy whose Peukert runtime at the site's IT load is 20 minutes, to 10 Wh. */
    double batteryWh(double itW) {
        ModelSettings.UpsSettings ups = settings.ups();
        if (ups.batteryWh() != null) {
            return ups.batteryWh();
        }
        double draw = Math.max(itW, RACK_LOAD_W) / ups.efficiency();
        return 10 * Math.ceil(draw * Math.pow(RUNTIME_HOURS, 1 / ups.peukert()) / 10);
    }

    private Stream<PlacedSensor> simulated(String room) {
        return site.sensors().filter(p -> room.equals(p.room()) && SimulatedDriver.TYPE.equals(p.sensor().driverType()));
    }

    private Stream<Double> inletNominals(String room, String rack) {
        return simulated(room).filter(p -> rack.equals(p.rack()) && p.sensor().kind() == SensorKind.TEMPERATURE
                        && ModelSettings.INLET.equals(settings.position(p.sensor().id())))
                .map(p -> nominal(p.sensor())).filter(n -> n != null);
    }

    private java.util.stream.DoubleStream inletNominals(String room) {
        return simulated(room).filter(p -> p.rack() != null && p.sensor().kind() == SensorKind.TEMPERATURE
                        && ModelSettings.INLET.equals(settings.position(p.sensor().id())))
                .map(p -> nominal(p.sensor())).filter(n -> n != null).mapToDouble(Double::doubleValue);
    }

    private static double area(Room room) {
        return room.widthM() == null || room.depthM() == null ? 0 : room.widthM() * room.depthM();
    }

    /** A simulated sensor's configured nominal value, or null. */
    static Double nominal(Sensor sensor) {
        return SimulatedDriver.TYPE.equals(sensor.driverType()) && sensor.driver().get("nominal") instanceof Number n
                ? n.doubleValue() : null;
    }

    static double noise(Sensor sensor) {
        return SimulatedDriver.TYPE.equals(sensor.driverType()) && sensor.driver().get("noise") instanceof Number n
                ? n.doubleValue() : 0;
    }
}
