package id.jaga.simulator.demo;

import id.jaga.simulator.model.CoolingUnit;
import id.jaga.simulator.model.PhysicalModel;
import id.jaga.simulator.model.RoomAir;
import java.util.Locale;
import java.util.stream.Collectors;

/** The demo prompt's commands that change the physical model: cooling, mains, rack load, and a summary. */
final class ModelCommands {
    private ModelCommands() {
    }

    static String apply(String[] words, PhysicalModel model) {
        String[] args = words.length > 1 ? (words[1] + (words.length > 2 ? " " + words[2] : "")).split("\\s+") : new String[0];
        try {
            return switch (words[0]) {
                case "cooling" -> cooling(args, model);
                case "mains" -> mains(args, model);
                case "load" -> load(args, model);
                default -> summary(model);
            };
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String cooling(String[] args, PhysicalModel model) {
        if (args.length < 2) {
            return "cooling <unit> fail|restore; units: " + model.coolingUnits().stream()
                    .map(u -> u.id() + " (" + state(u, model).toLowerCase(Locale.ROOT) + ")").collect(Collectors.joining(", "));
        }
        CoolingUnit unit = model.coolingUnit(args[0]);
        switch (args[1]) {
            case "fail" -> unit.fail();
            case "restore" -> unit.restore();
            default -> {
                return "cooling " + unit.id() + " fail|restore";
            }
        }
        return unit.id() + (unit.running() ? " runs again" : " has failed: " + unit.room() + " warms up unless other units cope");
    }

    private static String mains(String[] args, PhysicalModel model) {
        String what = args.length > 0 ? args[0] : "";
        switch (what) {
            case "off" -> model.mains().outage();
            case "on" -> model.mains().restore();
            default -> {
                try {
                    model.mains().voltage(Double.parseDouble(what));
                } catch (NumberFormatException e) {
                    return "mains off|on|<volts>, e.g. mains off";
                }
            }
        }
        return "mains at " + model.mains().voltageV() + " V" + (model.mains().usable() ? ""
                : ": the UPS runs the racks on battery; cooling and lights, not on the UPS, stop");
    }

    private static String load(String[] args, PhysicalModel model) {
        if (args.length < 2) {
            return "load <rack> <watts>, e.g. load rack-2 4000";
        }
        try {
            model.rack(args[0]).load(Double.parseDouble(args[1]));
        } catch (NumberFormatException e) {
            return "load needs watts, e.g. load " + args[0] + " 4000";
        }
        return args[0] + " now draws " + args[1] + " W";
    }

    private static String summary(PhysicalModel model) {
        StringBuilder s = new StringBuilder("  at " + model.now() + "\n");
        for (RoomAir room : model.rooms()) {
            s.append(String.format(Locale.ROOT, "  %s: %.2f C (set point %.2f C); cooling %s%n", room.id(), room.temperatureC(),
                    room.supplyC(), room.cooling().stream().map(u -> u.id() + " " + state(u, model))
                            .collect(Collectors.joining(", "))));
        }
        s.append(String.format(Locale.ROOT, "  mains %.0f V; UPS %s, charge %.1f %%, runtime %.0f s, load %.0f %%%n",
                model.mains().voltageV(), model.ups().status(), model.ups().chargePercent(), model.ups().runtimeSeconds(),
                model.ups().loadPercent()));
        s.append(String.format(Locale.ROOT, "  IT %.2f kW, facility %.2f kW; since start IT %.3f kWh, facility %.3f kWh%n",
                model.itPowerW() / 1000, model.facilityPowerW() / 1000, model.itEnergyKwh(), model.facilityEnergyKwh()));
        s.append("  ").append(pue(model));
        return s.toString();
    }

    /** PUE since the start over the time mains was on, and how much was left out (the UPS on battery). */
    static String pue(PhysicalModel model) {
        double pue = model.pue();
        double leftOut = model.pueLeftOutShare();
        if (Double.isNaN(pue)) {
            return "PUE: none yet" + (leftOut > 0 ? " (the UPS has been on battery since the start: that time is left out)" : "");
        }
        if (leftOut * 100 < 0.5) {
            return String.format(Locale.ROOT, "PUE since start %.2f", pue);
        }
        return String.format(Locale.ROOT, "PUE since start %.2f, %.0f %% of the time measured; %.0f %% left out: UPS on battery"
                + " (the facility meter sees none of the energy the racks take from the battery)", pue, 100 * (1 - leftOut), 100 * leftOut);
    }

    /** A cooling unit runs only when it has not failed and has mains: the units are not on the UPS. */
    private static String state(CoolingUnit unit, PhysicalModel model) {
        if (!unit.running()) {
            return "FAILED";
        }
        return model.mains().usable() ? "running" : "stopped (no mains)";
    }
}
