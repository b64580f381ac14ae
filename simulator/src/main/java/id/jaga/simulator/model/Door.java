package id.jaga.simulator.model;

import id.jaga.sensors.driver.SimulatedInputs;

/** A door's contact: opening or closing it is heard by the agent at once, as its wiring would be. */
public final class Door {
    private final String contact;
    private final SimulatedInputs inputs;
    private volatile boolean open;

    Door(String contact, SimulatedInputs inputs) {
        this.contact = contact;
        this.inputs = inputs;
    }

    public synchronized void open() {
        open = true;
        inputs.set(contact, 1);
    }

    public synchronized void close() {
        open = false;
        inputs.set(contact, 0);
    }

    public boolean isOpen() {
        return open;
    }

    public String contact() {
        return contact;
    }
}
