package id.jaga.sensors.driver;

import id.jaga.config.Agent;
import id.jaga.config.Output;
import id.jaga.config.Reader;
import id.jaga.config.Sensor;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.reader.BadgeReader;
import id.jaga.sensors.driver.reader.BadgeReaders;
import id.jaga.sensors.output.OutputDriver;
import id.jaga.sensors.output.Switch;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sensor, output and badge reader drivers an agent can use, by type; also checks the site file's
 * driver settings.
 */
public final class Drivers {
    private final Map<String, SensorDriver> sensors = new LinkedHashMap<>();
    private final Map<String, OutputDriver> outputs = new LinkedHashMap<>();
    private final BadgeReaders readers;

    public Drivers(List<SensorDriver> sensorDrivers) {
        this(sensorDrivers, List.of());
    }

    public Drivers(List<SensorDriver> sensorDrivers, List<OutputDriver> outputDrivers) {
        this(sensorDrivers, outputDrivers, null);
    }

    /** {@code readers} null: no badge readers can be opened or checked. */
    public Drivers(List<SensorDriver> sensorDrivers, List<OutputDriver> outputDrivers, BadgeReaders readers) {
        sensorDrivers.forEach(d -> sensors.put(d.type(), d));
        outputDrivers.forEach(d -> outputs.put(d.type(), d));
        this.readers = readers;
    }

    /** A site check that reports unknown driver types and bad settings with their location. */
    public SiteLoader.SiteCheck siteCheck() {
        return (site, problems) -> {
            // agent -> resource -> path of the first sensor, output or reader that claimed it
            Map<String, Map<String, String>> claims = new HashMap<>();
            site.sensors().forEach(placed -> {
                Sensor sensor = placed.sensor();
                if (sensor == null || sensor.driverType() == null) {
                    return; // reported by the site validator
                }
                SensorDriver driver = sensors.get(sensor.driverType());
                if (driver == null) {
                    problems.add(placed.path() + ".driver.type", SimulatedDriver.TYPE.equals(sensor.driverType())
                            ? notHere("sensor '" + sensor.id() + "' of agent " + sensor.agent(), "makes up its readings", sensors)
                            : unknown(sensor.driverType(), sensors));
                } else {
                    driver.check(sensor, placed.path(), problems);
                    driver.exclusiveResource(sensor).ifPresent(r -> claim(claims, sensor.agent(), r, placed.path(), problems));
                }
            });
            for (int i = 0; i < site.agents().size(); i++) {
                List<Output> list = site.agents().get(i) == null ? List.of() : site.agents().get(i).outputs();
                for (int j = 0; j < list.size(); j++) {
                    Output output = list.get(j);
                    String path = "agents[" + i + "].outputs[" + j + "]";
                    if (output == null || output.driverType() == null) {
                        continue;
                    }
                    OutputDriver driver = outputs.get(output.driverType());
                    if (driver == null) {
                        problems.add(path + ".driver.type", SimulatedDriver.TYPE.equals(output.driverType())
                                ? notHere("output '" + output.id() + "' of agent " + site.agents().get(i).id(), "switches nothing real", outputs)
                                : unknown(output.driverType(), outputs));
                    } else {
                        driver.check(output, path, problems);
                        String agent = site.agents().get(i).id();
                        driver.exclusiveResource(output).ifPresent(r -> claim(claims, agent, r, path, problems));
                    }
                }
                checkReaders(site.agents().get(i), "agents[" + i + "]", claims, problems);
            }
        };
    }

    private void checkReaders(Agent agent, String agentPath, Map<String, Map<String, String>> claims, SiteLoader.Problems problems) {
        if (agent == null || readers == null) {
            return;
        }
        for (int j = 0; j < agent.readers().size(); j++) {
            Reader reader = agent.readers().get(j);
            if (reader == null) {
                continue;
            }
            String path = agentPath + ".readers[" + j + "]";
            readers.check(reader, path, problems);
            readers.exclusiveResources(reader).forEach(r -> claim(claims, agent.id(), r, path, problems));
        }
    }

    private static void claim(Map<String, Map<String, String>> claims, String agent, String resource, String path,
                              SiteLoader.Problems problems) {
        String first = claims.computeIfAbsent(agent, a -> new HashMap<>()).putIfAbsent(resource, path);
        if (first != null) {
            problems.add(path + ".driver", resource + " of agent " + agent + " is already used by " + first);
        }
    }

    /**
     * A {@code simulated} driver where this build has none: the production agent leaves them out, as
     * on a Pi they would pass made-up values for real ones.
     */
    private static String notHere(String what, String fakes, Map<String, ?> real) {
        return what + " uses the simulated driver, which " + fakes + ": only the simulator and the demo"
                + " run it, a production agent refuses it; give it its real driver (" + String.join(", ", real.keySet()) + ")";
    }

    private static String unknown(String type, Map<String, ?> known) {
        return "unknown driver '" + type + "'; known: " + String.join(", ", known.keySet());
    }

    public SensorReader open(Sensor sensor) {
        SensorDriver driver = sensors.get(sensor.driverType());
        if (driver == null) {
            throw new IllegalArgumentException("no driver '" + sensor.driverType() + "' for sensor " + sensor.id());
        }
        return driver.open(sensor);
    }

    /** {@code holdCardForPin}: the reader's door wants a PIN with the card. */
    public BadgeReader open(Reader reader, boolean holdCardForPin) {
        if (readers == null) {
            throw new IllegalArgumentException("no badge reader drivers for reader " + reader.id());
        }
        return readers.open(reader, holdCardForPin);
    }

    public Switch open(Output output) {
        OutputDriver driver = outputs.get(output.driverType());
        if (driver == null) {
            throw new IllegalArgumentException("no driver '" + output.driverType() + "' for output " + output.id());
        }
        return driver.open(output);
    }
}
