package id.jaga.simulator.demo;

import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Quality;
import id.jaga.simulator.model.PhysicalModel;
import java.util.stream.Collectors;

/**
 * The demo prompt's language: one line in, one answer out; null means quit. A sensor set by hand is
 * held from the physical model until released.
 */
final class DemoConsole {
    private DemoConsole() {
    }

    static String apply(String line, SimulatedInputs inputs, SiteConfig site, PhysicalModel model) {
        String[] words = line.trim().split("\\s+", 3);
        String command = words[0];
        if (command.isEmpty()) {
            return "";
        }
        if (command.equals("quit") || command.equals("exit")) {
            return null;
        }
        if (command.equals("help")) {
            return DemoCommand.HELP;
        }
        if (command.equals("sensors")) {
            return site.sensors().map(p -> "  " + p.sensor().id() + " (" + p.sensor().kind() + ", " + p.sensor().unit() + ")")
                    .collect(Collectors.joining("\n"));
        }
        if (command.equals("badge") || command.equals("pin")) {
            return credential(command, words, inputs, site);
        }
        if (command.equals("cooling") || command.equals("mains") || command.equals("load") || command.equals("model")) {
            return ModelCommands.apply(words, model);
        }
        if (words.length < 2) {
            return "which sensor? type 'help'";
        }
        String sensor = words[1];
        if (site.sensor(sensor).isEmpty()) {
            return "no sensor '" + sensor + "'; type 'sensors' to list them";
        }
        switch (command) {
            case "set" -> {
                try {
                    double value = Double.parseDouble(words.length > 2 ? words[2] : "");
                    model.hold(sensor);
                    inputs.set(sensor, value);
                    return sensor + " now reads " + value;
                } catch (NumberFormatException e) {
                    return "set needs a number, e.g. set " + sensor + " 30";
                }
            }
            case "text" -> {
                model.hold(sensor);
                inputs.setText(sensor, words.length > 2 ? words[2] : "");
                return sensor + " now reads '" + (words.length > 2 ? words[2] : "") + "'";
            }
            case "fail" -> {
                model.hold(sensor);
                inputs.fail(sensor, Quality.BAD, words.length > 2 ? words[2] : "simulated fault");
                return sensor + " now fails";
            }
            case "release" -> {
                inputs.release(sensor);
                model.release(sensor);
                return sensor + " back to normal";
            }
            default -> {
                return "unknown command '" + command + "'; type 'help'";
            }
        }
    }

    /** {@code badge <reader> <card> [pin]} or {@code pin <reader> <digits>}: someone at a door's reader. */
    private static String credential(String command, String[] words, SimulatedInputs inputs, SiteConfig site) {
        String[] args = words.length > 2 ? words[2].split("\\s+") : new String[0];
        if (words.length < 2 || args.length < 1) {
            return command.equals("badge") ? "badge <reader> <card number> [pin], e.g. badge reader-main 1001" : "pin <reader> <digits>";
        }
        String reader = words[1];
        if (site.agents().stream().flatMap(a -> a.readers().stream()).noneMatch(r -> r.id().equals(reader))) {
            return "no reader '" + reader + "'; known: " + site.agents().stream().flatMap(a -> a.readers().stream())
                    .map(r -> r.id()).collect(Collectors.joining(", "));
        }
        if (command.equals("pin")) {
            inputs.enterPin(reader, args[0]);
            return "a PIN was typed at " + reader;
        }
        if (args.length > 1) {
            inputs.presentBadge(reader, args[0], args[1]);
        } else {
            inputs.presentBadge(reader, args[0]);
        }
        return "badge " + args[0] + " presented at " + reader;
    }
}
