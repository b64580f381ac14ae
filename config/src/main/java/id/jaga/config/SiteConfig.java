package id.jaga.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A whole site file: one data center with its rooms, racks, agents and sensors.
 * Sensors live where they are mounted: on a rack, or on a room (doors, smoke, UPS). The
 * {@code model} section is the simulator's alone.
 */
public record SiteConfig(
        Site site,
        Broker broker,
        Storage storage,
        ControllerSettings controller,
        List<Room> rooms,
        List<Agent> agents,
        List<Rack> racks,
        Map<SensorKind, Thresholds> thresholds,
        List<DrcSite> drcSites,
        List<NotificationChannel> notifications,
        List<Composite> composites,
        FailoverPolicy failover,
        Access access,
        Energy energy,
        ModelSettings model) {

    public SiteConfig {
        broker = broker == null ? Broker.DEFAULT : broker;
        storage = storage == null ? Storage.DEFAULT : storage;
        controller = controller == null ? ControllerSettings.DEFAULT : controller;
        rooms = Lists.of(rooms);
        agents = Lists.of(agents);
        racks = Lists.of(racks);
        thresholds = Lists.of(thresholds);
        drcSites = Lists.of(drcSites);
        notifications = Lists.of(notifications);
        composites = Lists.of(composites);
        failover = failover == null ? FailoverPolicy.DEFAULT : failover;
        access = access == null ? Access.NONE : access;
        energy = energy == null ? Energy.DEFAULT : energy;
        model = model == null ? ModelSettings.DEFAULT : model;
    }

    /** The same site reached through other brokers (a command-line override, an embedded broker). */
    public SiteConfig withBrokerUris(List<String> uris) {
        return withConnections(broker.withUris(uris), storage, controller);
    }

    /** The same site with other broker, storage and HTTP settings, e.g. for a test or a drill. */
    public SiteConfig withConnections(Broker newBroker, Storage newStorage, ControllerSettings newController) {
        return new SiteConfig(site, newBroker, newStorage, newController, rooms, agents, racks, thresholds, drcSites,
                notifications, composites, failover, access, energy, model);
    }

    /** The same site with other agent settings, e.g. command keys made for a simulation. */
    public SiteConfig withAgents(List<Agent> newAgents) {
        return new SiteConfig(site, broker, storage, controller, rooms, newAgents, racks, thresholds, drcSites, notifications,
                composites, failover, access, energy, model);
    }

    /** The same site with other access rules, e.g. reloaded from the file. */
    public SiteConfig withAccess(Access newAccess) {
        return new SiteConfig(site, broker, storage, controller, rooms, agents, racks, thresholds, drcSites, notifications,
                composites, failover, newAccess, energy, model);
    }

    /** The same site with another physical model, e.g. a scenario's. */
    public SiteConfig withModel(ModelSettings newModel) {
        return new SiteConfig(site, broker, storage, controller, rooms, agents, racks, thresholds, drcSites, notifications,
                composites, failover, access, energy, newModel);
    }

    /**
     * The same site with every sensor of its rooms and racks replaced, e.g. pointed at fake hardware,
     * or polled faster by a simulation whose clock runs faster than the wall.
     */
    public SiteConfig withSensors(UnaryOperator<Sensor> change) {
        List<Room> newRooms = rooms.stream().map(r -> r.withSensors(r.sensors().stream().map(change).toList())).toList();
        List<Rack> newRacks = racks.stream().map(r -> r.withSensors(r.sensors().stream().map(change).toList())).toList();
        return new SiteConfig(site, broker, storage, controller, newRooms, agents, newRacks, thresholds, drcSites,
                notifications, composites, failover, access, energy, model);
    }

    /** The same site with other DRC sites, e.g. stand-ins for a drill. */
    public SiteConfig withDrcSites(List<DrcSite> newDrcSites) {
        return new SiteConfig(site, broker, storage, controller, rooms, agents, racks, thresholds, newDrcSites, notifications,
                composites, failover, access, energy, model);
    }

    /** Every sensor of the site with where it is mounted. */
    public Stream<PlacedSensor> sensors() {
        // null-safe: the validator asks before it has reported empty entries
        Stream<PlacedSensor> onRooms = IntStream.range(0, rooms.size()).filter(i -> rooms.get(i) != null).boxed().flatMap(i -> {
            Room room = rooms.get(i);
            return IntStream.range(0, room.sensors().size()).mapToObj(j -> new PlacedSensor(
                    room.sensors().get(j), room.id(), null, "rooms[" + i + "].sensors[" + j + "]"));
        });
        Stream<PlacedSensor> onRacks = IntStream.range(0, racks.size()).filter(i -> racks.get(i) != null).boxed().flatMap(i -> {
            Rack rack = racks.get(i);
            return IntStream.range(0, rack.sensors().size()).mapToObj(j -> new PlacedSensor(
                    rack.sensors().get(j), rack.room(), rack.id(), "racks[" + i + "].sensors[" + j + "]"));
        });
        return Stream.concat(onRooms, onRacks);
    }

    public Optional<PlacedSensor> sensor(String id) {
        return sensors().filter(p -> p.sensor().id().equals(id)).findFirst();
    }

    public Optional<Agent> agent(String id) {
        return agents.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public Optional<Rack> rack(String id) {
        return racks.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * The limits in force for a sensor: built-in defaults, then the site's, its room's, its rack's
     * and its own, each overriding single values of the one before ({@link #thresholdLayers}).
     */
    public Thresholds thresholdsFor(PlacedSensor placed) {
        Thresholds effective = Thresholds.NONE;
        for (ThresholdLayer layer : thresholdLayers(placed)) {
            effective = effective.overriddenBy(layer.thresholds());
        }
        return effective;
    }

    /**
     * Where a sensor's limits come from, in the order they override each other: the built-in
     * defaults of its kind, the site's {@code thresholds}, its room's, its rack's, its own. Only the
     * blocks that exist are listed. Null-safe, as the validator asks before it has reported empty
     * entries and missing ids.
     */
    public List<ThresholdLayer> thresholdLayers(PlacedSensor placed) {
        SensorKind kind = placed.sensor().kind();
        List<ThresholdLayer> layers = new ArrayList<>(5);
        layers.add(new ThresholdLayer(null, Thresholds.defaultsFor(kind)));
        layer(layers, "thresholds." + kind.wire(), thresholds.get(kind));
        for (int i = 0; placed.room() != null && i < rooms.size(); i++) {
            if (rooms.get(i) != null && placed.room().equals(rooms.get(i).id())) {
                layer(layers, "rooms[" + i + "].thresholds." + kind.wire(), rooms.get(i).thresholds().get(kind));
                break;
            }
        }
        for (int i = 0; placed.rack() != null && i < racks.size(); i++) {
            if (racks.get(i) != null && placed.rack().equals(racks.get(i).id())) {
                layer(layers, "racks[" + i + "].thresholds." + kind.wire(), racks.get(i).thresholds().get(kind));
                break;
            }
        }
        layer(layers, placed.path() + ".thresholds", placed.sensor().thresholds());
        return layers;
    }

    private static void layer(List<ThresholdLayer> layers, String path, Thresholds t) {
        if (t != null) {
            layers.add(new ThresholdLayer(path, t));
        }
    }

    /** One block of limits: where it is in the site file ({@code null}: built in) and what it sets. */
    public record ThresholdLayer(String path, Thresholds thresholds) {
        public boolean builtIn() {
            return path == null;
        }
    }

    /**
     * The values a sensor may report: its kind's physical bounds; for a power meter on a rack with a
     * capacity, 0 to twice that capacity; then whatever the sensor's own {@code bounds} set.
     */
    public Bounds boundsFor(PlacedSensor placed) {
        Sensor sensor = placed.sensor();
        Bounds bounds = Bounds.of(sensor.kind());
        if (sensor.kind() == SensorKind.POWER && placed.rack() != null) {
            // null-safe: the validator asks before it has reported empty entries
            Power capacity = racks.stream().filter(r -> r != null && placed.rack().equals(r.id())).findFirst()
                    .map(Rack::capacity).orElse(null);
            bounds = capacity != null ? Bounds.ofRack(capacity) : bounds;
        }
        return bounds.overriddenBy(sensor.bounds());
    }

    /** The power sensors whose sum is the whole facility's draw. */
    public List<PlacedSensor> facilityMeters() {
        return energy.facility().stream().flatMap(id -> sensor(id).stream()).toList();
    }

    /** The power sensors of IT equipment: as configured, else every power sensor on a rack. */
    public List<PlacedSensor> itMeters() {
        if (energy.it() != null) {
            return energy.it().stream().flatMap(id -> sensor(id).stream()).toList();
        }
        return sensors().filter(p -> p.rack() != null && p.sensor().kind() == SensorKind.POWER).toList();
    }

    /** A sensor with the room and (if rack-mounted) rack it belongs to, and its path in the file. */
    public record PlacedSensor(Sensor sensor, String room, String rack, String path) {
    }
}
