package id.jaga.simulator.scenario;

import id.jaga.simulator.model.Fault;

/**
 * One thing a scenario does at a point of its timeline. {@link #apply} returns a note for the
 * timeline (the controller's answer to an operator's decision, say), or null.
 */
interface Action {
    String apply(Stage stage) throws Exception;

    /** As the timeline shows it, e.g. {@code smoke smoke-1 detected}. */
    String describe();

    /** A cooling unit fails, or runs again. */
    record Cooling(String unit, boolean running) implements Action {
        @Override
        public String apply(Stage stage) {
            if (running) {
                stage.model().coolingUnit(unit).restore();
            } else {
                stage.model().coolingUnit(unit).fail();
            }
            return null;
        }

        @Override
        public String describe() {
            return "cooling " + unit + (running ? " running again" : " failed");
        }
    }

    /** The utility supply fails, or comes back. */
    record Mains(boolean on) implements Action {
        @Override
        public String apply(Stage stage) {
            if (on) {
                stage.model().mains().restore();
            } else {
                stage.model().mains().outage();
            }
            return null;
        }

        @Override
        public String describe() {
            return "mains " + (on ? "back" : "lost");
        }
    }

    /** A rack draws this much from now on. */
    record Load(String rack, double watts) implements Action {
        @Override
        public String apply(Stage stage) {
            stage.model().rack(rack).load(watts);
            return null;
        }

        @Override
        public String describe() {
            return "load " + rack + " " + Math.round(watts) + " W";
        }
    }

    /** Smoke reaches a detector (and spreads through its room), or the air clears ({@code detector} null). */
    record Smoke(String detector) implements Action {
        @Override
        public String apply(Stage stage) {
            if (detector == null) {
                stage.model().clearSmoke();
            } else {
                stage.model().smoke(detector);
            }
            return null;
        }

        @Override
        public String describe() {
            return detector == null ? "smoke cleared" : "smoke at " + detector;
        }
    }

    /** A door opens or closes (its contact). */
    record Door(String contact, boolean open) implements Action {
        @Override
        public String apply(Stage stage) {
            if (open) {
                stage.model().door(contact).open();
            } else {
                stage.model().door(contact).close();
            }
            return null;
        }

        @Override
        public String describe() {
            return "door " + contact + (open ? " opened" : " closed");
        }
    }

    /** A sensor starts failing in this way, or works again ({@code kind} null). */
    record SensorFault(String sensor, Fault.Kind kind) implements Action {
        @Override
        public String apply(Stage stage) {
            if (kind == null) {
                stage.model().clearFault(sensor);
            } else {
                stage.model().fault(sensor, kind);
            }
            return null;
        }

        @Override
        public String describe() {
            return "fault " + sensor + " " + (kind == null ? "cleared" : kind.wire());
        }
    }

    /** Someone presents a badge (and perhaps types a PIN) at a reader. */
    record Badge(String reader, String badge, String pin) implements Action {
        @Override
        public String apply(Stage stage) {
            if (pin == null) {
                stage.inputs().presentBadge(reader, badge);
            } else {
                stage.inputs().presentBadge(reader, badge, pin);
            }
            return null;
        }

        @Override
        public String describe() {
            return "badge " + badge + " at " + reader + (pin == null ? "" : " with a PIN");
        }
    }

    /** An agent dies as in a power cut, or starts again from its state on disk. */
    record AgentPower(String agent, boolean running) implements Action {
        @Override
        public String apply(Stage stage) {
            if (running) {
                stage.restart(agent);
            } else {
                stage.crash(agent);
            }
            return null;
        }

        @Override
        public String describe() {
            return "agent " + agent + (running ? " restarted" : " crashed");
        }
    }

    /** The broker becomes unreachable for everybody, or reachable again. */
    record Broker(boolean up) implements Action {
        @Override
        public String apply(Stage stage) {
            stage.broker(up);
            return null;
        }

        @Override
        public String describe() {
            return "broker " + (up ? "up" : "down");
        }
    }

    /** The network between one agent and the broker is cut, or mended. */
    record Partition(String agent, boolean cut) implements Action {
        @Override
        public String apply(Stage stage) {
            stage.partition(agent, cut);
            return null;
        }

        @Override
        public String describe() {
            return "partition " + agent + (cut ? " cut off" : " reconnected");
        }
    }

    /** An operator's failover decision: approve, cancel, drill, failback or start. */
    record Failover(String decision) implements Action {
        @Override
        public String apply(Stage stage) throws Exception {
            return stage.failover(decision);
        }

        @Override
        public String describe() {
            return "operator: failover " + decision;
        }
    }

    /** A DRC stops answering its health probe, or answers again. */
    record Drc(String drc, boolean healthy) implements Action {
        @Override
        public String apply(Stage stage) {
            stage.drc(drc, healthy);
            return null;
        }

        @Override
        public String describe() {
            return "DRC " + drc + (healthy ? " healthy" : " down");
        }
    }
}
