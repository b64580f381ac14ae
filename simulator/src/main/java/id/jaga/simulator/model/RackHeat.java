package id.jaga.simulator.model;

/**
 * A rack: its IT load (what its PDU measures while the UPS output is on), the air its servers
 * draw from the room at {@code room supply + inletOffset}, and the outlet that air leaves at:
 * {@code inlet + load / (airflow x 1206 J/(m3 K))}. Its IT energy is integrated step by step.
 */
public final class RackHeat {
    private final String id;
    private final String room;
    private final double airflowM3PerS;
    private final double inletOffsetC;
    private volatile double loadW;
    private double powerW;
    private double energyJ;

    RackHeat(String id, String room, double loadW, double airflowM3PerS, double inletOffsetC) {
        this.id = id;
        this.room = room;
        this.loadW = loadW;
        this.airflowM3PerS = airflowM3PerS;
        this.inletOffsetC = inletOffsetC;
    }

    public String id() {
        return id;
    }

    public String room() {
        return room;
    }

    /** The servers now draw this much (from the next step on). */
    public void load(double watts) {
        if (!(watts >= 0) || Double.isInfinite(watts)) {
            throw new IllegalArgumentException("a load is a finite number of watts, at least 0; found " + watts);
        }
        loadW = watts;
    }

    /** What the servers would draw with power. */
    public double loadW() {
        return loadW;
    }

    /** What the rack draws now: its load, or nothing while the UPS output is off. */
    public synchronized double powerW() {
        return powerW;
    }

    synchronized void step(boolean powered, double seconds) {
        powerW = powered ? loadW : 0;
        energyJ += powerW * seconds;
    }

    public synchronized double itEnergyKwh() {
        return energyJ / 3.6e6;
    }

    double inletC(double roomC) {
        return roomC + inletOffsetC;
    }

    double outletC(double roomC) {
        return inletC(roomC) + powerW() / (airflowM3PerS * Air.HEAT_CAPACITY_J_PER_M3K);
    }
}
