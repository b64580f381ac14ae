package id.jaga.config;

import id.jaga.config.ModelSettings.CoolingSettings;
import id.jaga.config.ModelSettings.RackSettings;
import id.jaga.config.ModelSettings.RoomSettings;
import id.jaga.config.ModelSettings.SensorSettings;
import id.jaga.config.ModelSettings.UpsSettings;
import id.jaga.config.SiteConfig.PlacedSensor;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checks of the {@code model} section: its rooms, racks and sensors are the site's, each
 * described once, and every quantity is one the physics can work with. Part of {@link SiteValidator}.
 */
final class ModelValidator {
    private static final Duration MAX_STEP = Duration.ofMinutes(1);

    private final SiteConfig site;
    private final ModelSettings model;
    private final SiteLoader.Problems problems;
    private final SiteValidator checks;

    ModelValidator(SiteConfig site, SiteLoader.Problems problems, SiteValidator checks) {
        this.site = site;
        this.model = site.model();
        this.problems = problems;
        this.checks = checks;
    }

    void validate(Set<String> rooms) {
        checks.positive("model.step", model.step());
        if (model.step().compareTo(MAX_STEP) > 0) {
            problems.add("model.step", "at most 1m: longer steps make the physics coarse");
        }
        if (model.smokeSpreadAfter().isNegative()) {
            problems.add("model.smokeSpreadAfter", "must not be negative");
        }
        range("model.mains.voltageV", model.mains().voltageV(), 1, 1000);
        ups(model.ups());
        Set<String> seen = new HashSet<>();
        Set<String> coolingIds = new HashSet<>();
        for (int i = 0; i < model.rooms().size(); i++) {
            RoomSettings room = model.rooms().get(i);
            String path = "model.rooms[" + i + "]";
            if (room == null || !once(path, room.id(), rooms, "room", seen)) {
                continue;
            }
            positive(path + ".thermalMassJPerK", room.thermalMassJPerK());
            range(path + ".supplyC", room.supplyC(), 5, 40);
            range(path + ".humidityPercent", room.humidityPercent(), 1, 100);
            range(path + ".lightingW", room.lightingW(), 0, 1e6);
            for (int j = 0; j < room.cooling().size(); j++) {
                cooling(path + ".cooling[" + j + "]", room.cooling().get(j), coolingIds);
            }
        }
        Set<String> racks = site.racks().stream().filter(r -> r != null && r.id() != null).map(Rack::id).collect(Collectors.toSet());
        seen.clear();
        for (int i = 0; i < model.racks().size(); i++) {
            RackSettings rack = model.racks().get(i);
            String path = "model.racks[" + i + "]";
            if (rack != null && once(path, rack.id(), racks, "rack", seen)) {
                range(path + ".loadW", rack.loadW(), 0, 1e6);
                positive(path + ".airflowM3PerS", rack.airflowM3PerS());
                range(path + ".inletOffsetC", rack.inletOffsetC(), -20, 20);
            }
        }
        sensors();
    }

    private void ups(UpsSettings ups) {
        positive("model.ups.ratedW", ups.ratedW());
        positive("model.ups.batteryWh", ups.batteryWh());
        if (ups.efficiency() <= 0 || ups.efficiency() > 1) {
            problems.add("model.ups.efficiency", "must be above 0 and at most 1, e.g. 0.95");
        }
        range("model.ups.peukert", ups.peukert(), 1, 2);
        range("model.ups.lowBatteryPercent", ups.lowBatteryPercent(), 0, 100);
        range("model.ups.chargePercent", ups.chargePercent(), 0, 100);
        if (ups.lowRuntime().isNegative()) {
            problems.add("model.ups.lowRuntime", "must not be negative");
        }
        checks.positive("model.ups.rechargeTime", ups.rechargeTime());
    }

    private void cooling(String path, CoolingSettings unit, Set<String> ids) {
        if (unit == null) {
            problems.add(path, "missing: a cooling unit {id, capacityKw, cop}");
            return;
        }
        if (checks.id(path + ".id", unit.id()) && !ids.add(unit.id())) {
            problems.add(path + ".id", "cooling unit '" + unit.id() + "' is defined twice");
        }
        if (unit.capacityKw() == null) {
            problems.add(path + ".capacityKw", "missing: the heat the unit can remove, in kW");
        }
        positive(path + ".capacityKw", unit.capacityKw());
        range(path + ".cop", unit.cop(), 0.5, 10);
    }

    private void sensors() {
        Map<String, PlacedSensor> placed = site.sensors().filter(p -> p.sensor() != null && p.sensor().id() != null)
                .collect(Collectors.toMap(p -> p.sensor().id(), Function.identity(), (a, b) -> a));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < model.sensors().size(); i++) {
            SensorSettings s = model.sensors().get(i);
            String path = "model.sensors[" + i + "]";
            if (s == null || !once(path, s.id(), placed.keySet(), "sensor", seen)) {
                continue;
            }
            PlacedSensor p = placed.get(s.id());
            SensorKind kind = p.sensor().kind();
            if (p.rack() == null || (kind != SensorKind.TEMPERATURE && kind != SensorKind.HUMIDITY)) {
                problems.add(path + ".id", "a position applies to a rack's temperature or humidity sensor; '" + s.id()
                        + "' is a " + kind + " sensor " + (p.rack() == null ? "of room " + p.room() : "of rack " + p.rack()));
            }
            if (s.position() == null) {
                problems.add(path + ".position", "missing: inlet or outlet");
            } else if (!ModelSettings.INLET.equals(s.position()) && !ModelSettings.OUTLET.equals(s.position())) {
                problems.add(path + ".position", "expected inlet or outlet, found '" + s.position() + "'");
            }
        }
    }

    /** A reference to a known id, described at most once in its list. */
    private boolean once(String path, String id, Set<String> known, String what, Set<String> seen) {
        checks.reference(path + ".id", id, known, what);
        if (id == null || !known.contains(id)) {
            return false;
        }
        if (!seen.add(id)) {
            problems.add(path + ".id", what + " '" + id + "' is described twice");
            return false;
        }
        return true;
    }

    private void positive(String path, Double value) {
        if (value != null && !(value > 0)) {
            problems.add(path, "must be above zero, found " + text(value));
        }
    }

    private void range(String path, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            problems.add(path, "must be from " + text(min) + " to " + text(max) + ", found " + text(value));
        }
    }

    private static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
