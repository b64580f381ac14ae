package id.jaga.simulator.model;

/**
 * A cooling unit (CRAC or split AC): removes up to its capacity of heat while it runs and mains is
 * there, drawing heat removed / COP of electric power.
 */
public final class CoolingUnit {
    private final String id;
    private final String room;
    private final double capacityW;
    private final double cop;
    private volatile boolean running = true;

    CoolingUnit(String id, String room, double capacityW, double cop) {
        this.id = id;
        this.room = room;
        this.capacityW = capacityW;
        this.cop = cop;
    }

    public String id() {
        return id;
    }

    public String room() {
        return room;
    }

    public double capacityW() {
        return capacityW;
    }

    public double cop() {
        return cop;
    }

    /** The unit breaks down (compressor trip, fan failure): from the next step it removes no heat. */
    public void fail() {
        running = false;
    }

    public void restore() {
        running = true;
    }

    public boolean running() {
        return running;
    }
}
