package id.jaga.controller.opcua;

import id.jaga.config.Door;
import id.jaga.config.Rack;
import id.jaga.config.Room;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteConfig.PlacedSensor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogUnitType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/**
 * The site as an OPC UA address space, under Objects: Site / Room / Rack / Sensor, each room's UPS
 * and doors, the number of active alarms and the failover state. Node ids are stable strings
 * ({@code sensor/rack-1-inlet}, {@code door/server-room-door/state}); {@link #refresh()} copies the
 * controller's state into the nodes, and subscriptions sample them.
 */
final class SiteNamespace extends ManagedNamespaceWithLifecycle {
    static final String URI = "urn:jaga:site";
    /** Sensors mounted on a room that belong to its UPS. */
    private static final Set<SensorKind> UPS_KINDS = EnumSet.of(SensorKind.UPS_STATUS, SensorKind.BATTERY_CHARGE,
            SensorKind.BATTERY_RUNTIME, SensorKind.UPS_LOAD, SensorKind.MAINS_VOLTAGE);

    private final OpcUa.Sources sources;
    private final SubscriptionModel subscriptions;
    private final List<Binding> bindings = new ArrayList<>();

    SiteNamespace(OpcUaServer server, OpcUa.Sources sources) {
        super(server, URI);
        this.sources = sources;
        subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
        getLifecycleManager().addStartupTask(this::build);
    }

    /** Brings every node up to date; cheap when nothing changed, as unchanged values are not set again. */
    synchronized void refresh() {
        for (Binding b : bindings) {
            DataValue next = b.value().get();
            DataValue now = b.node().getValue();
            if (now == null || !Objects.equals(now.value(), next.value()) || !Objects.equals(now.statusCode(), next.statusCode())
                    || !Objects.equals(now.sourceTime(), next.sourceTime())) {
                b.node().setValue(next);
            }
        }
    }

    private synchronized void build() {
        var siteConfig = sources.site();
        UaObjectNode site = object("site", siteConfig.site().id(), siteConfig.site().name());
        site.addReference(new Reference(site.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));

        bind(variable(site, "site/active-alarms", "ActiveAlarms", NodeIds.UInt32),
                () -> value(new Variant(UInteger.valueOf(sources.alarms().activeAlarms().size()))));
        UaObjectNode failover = object("failover", "Failover", null);
        organize(site, failover);
        bind(variable(failover, "failover/state", "State", NodeIds.String), () -> value(new Variant(sources.failover().state().state())));
        bind(variable(failover, "failover/drc", "Drc", NodeIds.String), () -> value(new Variant(sources.failover().state().drc())));
        bind(variable(failover, "failover/since", "Since", NodeIds.DateTime), () -> {
            Instant since = sources.failover().state().ts();
            return value(since == null ? Variant.NULL_VALUE : new Variant(new DateTime(since)));
        });

        for (Room room : siteConfig.rooms()) {
            UaObjectNode roomNode = object("room/" + room.id(), room.id(), room.name());
            organize(site, roomNode);
            for (Rack rack : siteConfig.racks().stream().filter(r -> room.id().equals(r.room())).toList()) {
                UaObjectNode rackNode = object("rack/" + rack.id(), rack.id(), rack.name());
                organize(roomNode, rackNode);
                siteConfig.sensors().filter(p -> rack.id().equals(p.rack())).forEach(p -> sensor(rackNode, p));
            }
            List<PlacedSensor> onRoom = siteConfig.sensors().filter(p -> p.rack() == null && room.id().equals(p.room())).toList();
            UaObjectNode ups = null;
            for (PlacedSensor p : onRoom) {
                if (UPS_KINDS.contains(p.sensor().kind())) {
                    if (ups == null) {
                        ups = object("room/" + room.id() + "/ups", "UPS", null);
                        organize(roomNode, ups);
                    }
                    sensor(ups, p);
                } else {
                    sensor(roomNode, p);
                }
            }
            List<Door> doors = sources.access().access().doors().stream().filter(d -> room.id().equals(d.room())).toList();
            if (!doors.isEmpty()) {
                UaObjectNode doorsNode = object("room/" + room.id() + "/doors", "Doors", null);
                organize(roomNode, doorsNode);
                for (Door door : doors) {
                    UaObjectNode doorNode = object("door/" + door.id(), door.id(), door.name());
                    organize(doorsNode, doorNode);
                    bind(variable(doorNode, "door/" + door.id() + "/state", "State", NodeIds.String), () -> doorState(door));
                }
            }
        }
        refresh();
    }

    private void sensor(UaObjectNode parent, PlacedSensor placed) {
        SensorKind kind = placed.sensor().kind();
        String id = placed.sensor().id();
        var units = Units.of(kind);
        UaVariableNode node = variable(parent, "sensor/" + id, id, kind.isNumeric() ? NodeIds.Double : NodeIds.String,
                units.isPresent() ? NodeIds.AnalogUnitType : NodeIds.BaseDataVariableType);
        units.ifPresent(eu -> node.setProperty(AnalogUnitType.ENGINEERING_UNITS, eu));
        SensorValue readout = new SensorValue();
        bind(node, () -> readout.next(sources.latest().get(id).orElse(null), sources.freshness().isCurrent(id),
                sources.clock().instant()));
    }

    /** Open, closed, locked (closed, and no grant or unlock in force), or no value before the first contact reading. */
    private DataValue doorState(Door door) {
        Boolean open = sources.access().doors().isOpen(door.id());
        if (open == null) {
            return new DataValue(Variant.NULL_VALUE, SensorValue.WAITING, null, new DateTime(sources.clock().instant()));
        }
        boolean locked = door.lock() != null && !sources.access().doors().isUnlocked(door.id());
        return value(new Variant(open ? "open" : locked ? "locked" : "closed"));
    }

    private DataValue value(Variant v) {
        return new DataValue(v, StatusCode.GOOD, null, new DateTime(sources.clock().instant()));
    }

    private UaObjectNode object(String id, String browseName, String displayName) {
        UaObjectNode node = UaObjectNode.builder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(newQualifiedName(browseName))
                .setDisplayName(LocalizedText.english(displayName == null ? browseName : displayName))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .build();
        getNodeManager().addNode(node);
        return node;
    }

    private UaVariableNode variable(UaNode parent, String id, String name, NodeId dataType) {
        return variable(parent, id, name, dataType, NodeIds.BaseDataVariableType);
    }

    private UaVariableNode variable(UaNode parent, String id, String name, NodeId dataType, NodeId typeDefinition) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(dataType)
                .setTypeDefinition(typeDefinition)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .build();
        getNodeManager().addNode(node);
        node.addReference(new Reference(node.getNodeId(), NodeIds.HasComponent, parent.getNodeId().expanded(), false));
        return node;
    }

    private static void organize(UaNode parent, UaNode child) {
        child.addReference(new Reference(child.getNodeId(), NodeIds.Organizes, parent.getNodeId().expanded(), false));
    }

    private void bind(UaVariableNode node, Supplier<DataValue> value) {
        bindings.add(new Binding(node, value));
    }

    private record Binding(UaVariableNode node, Supplier<DataValue> value) {
    }

    // Monitored items are sampled by the subscription model, which reads the nodes' values.

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        subscriptions.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
        subscriptions.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        subscriptions.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
        subscriptions.onMonitoringModeChanged(items);
    }
}
