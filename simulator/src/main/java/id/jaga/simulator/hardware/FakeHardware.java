package id.jaga.simulator.hardware;

import com.pi4j.context.Context;
import id.jaga.config.Agent;
import id.jaga.config.Sensor;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.driver.nut.NutClient;
import id.jaga.sensors.driver.nut.NutDriver;
import id.jaga.sensors.driver.onewire.Ds18b20Driver;
import id.jaga.simulator.SimulatorDrivers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hardware of a simulated site, measuring the world held in {@link SimulatedInputs}, so the
 * agents' real drivers run their real code: per agent a 1-wire folder for its DS18B20s and a
 * Raspberry Pi board (Pi4J mock platform) with its SHT31 and INA219 chips and its GPIO contacts
 * and S0 meters; per UPS daemon the agents read, a NUT protocol server on loopback. {@link #site()}
 * is the site with its drivers pointed at these; sensors with the {@code simulated} driver are
 * left as they are.
 */
public final class FakeHardware implements AutoCloseable {
    private final SiteConfig site;
    private final Map<String, Board> boards = new LinkedHashMap<>();
    private final Map<String, OneWireTree> trees = new LinkedHashMap<>();
    private final Map<Endpoint, Upsd> upsds = new LinkedHashMap<>();
    private final Runnable stopFollowing;

    /** A UPS daemon as one agent reaches it: localhost on two Pis is two daemons. */
    private record Endpoint(String agent, String host, int port) {
    }

    /** Builds the hardware of every agent of {@code site}; {@code dir} holds the agents' 1-wire folders. */
    public FakeHardware(SiteConfig site, SimulatedInputs inputs, Path dir) {
        World world = new World(inputs);
        Map<String, List<Sensor>> byAgent = new HashMap<>();
        site.sensors().map(SiteConfig.PlacedSensor::sensor)
                .forEach(s -> byAgent.computeIfAbsent(s.agent(), a -> new ArrayList<>()).add(s));
        Map<Endpoint, Map<String, Map<String, Sensor>>> upses = new LinkedHashMap<>();
        for (Agent agent : site.agents()) {
            List<Sensor> sensors = byAgent.getOrDefault(agent.id(), List.of());
            boards.put(agent.id(), new Board(world, sensors));
            List<Sensor> thermometers = sensors.stream().filter(s -> Ds18b20Driver.TYPE.equals(s.driverType())).toList();
            if (!thermometers.isEmpty()) {
                trees.put(agent.id(), new OneWireTree(dir.resolve(agent.id()).resolve("w1/devices"), world, thermometers));
            }
            sensors.stream().filter(s -> NutDriver.TYPE.equals(s.driverType())).forEach(s -> upses
                    .computeIfAbsent(endpoint(s), e -> new LinkedHashMap<>())
                    .computeIfAbsent(s.driver().get("ups").toString(), u -> new LinkedHashMap<>())
                    .putIfAbsent(s.driver().get("var").toString(), s));
        }
        upses.forEach((endpoint, served) -> upsds.put(endpoint, new Upsd(world, served)));
        this.site = pointedAtFakes(site);
        this.stopFollowing = inputs.onChange(sensor -> {
            trees.values().forEach(tree -> tree.changed(sensor));
            boards.values().forEach(board -> board.changed(sensor));
        });
    }

    private static Endpoint endpoint(Sensor nut) {
        Object port = nut.driver().get("port");
        return new Endpoint(nut.agent(), String.valueOf(nut.driver().getOrDefault("host", "127.0.0.1")),
                port instanceof Number n ? n.intValue() : NutClient.DEFAULT_PORT);
    }

    /** The site as the agents get it: 1-wire base folders and UPS daemons are these. */
    public SiteConfig site() {
        return site;
    }

    /** The agent's Pi, for its drivers: {@link SimulatorDrivers#of(SimulatedInputs, Context)}. */
    public Context board(String agent) {
        Board board = boards.get(agent);
        if (board == null) {
            throw new IllegalArgumentException("no agent '" + agent + "' in the site");
        }
        return board.context();
    }

    /** The site with its hardware sensors' settings pointed at these fakes (1-wire folder, NUT port). */
    public SiteConfig pointedAtFakes(SiteConfig original) {
        return original.withSensors(this::rewritten);
    }

    private Sensor rewritten(Sensor sensor) {
        Map<String, Object> driver = new LinkedHashMap<>(sensor.driver());
        if (Ds18b20Driver.TYPE.equals(sensor.driverType())) {
            driver.put("basePath", trees.get(sensor.agent()).base().toString());
        } else if (NutDriver.TYPE.equals(sensor.driverType())) {
            Upsd upsd = upsds.get(endpoint(sensor));
            driver.put("host", upsd.host());
            driver.put("port", upsd.port());
        } else {
            return sensor;
        }
        return new Sensor(sensor.id(), sensor.kind(), sensor.unit(), sensor.agent(), driver, sensor.pollInterval(),
                sensor.thresholds(), sensor.staleAfter(), sensor.bounds());
    }

    /** Call after the agents stopped: the boards power off, the daemons stop. */
    @Override
    public void close() {
        stopFollowing.run();
        boards.values().forEach(Board::close);
        upsds.values().forEach(Upsd::close);
    }
}
