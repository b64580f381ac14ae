package id.jaga.simulator.model;

import java.util.List;

/**
 * The air of one room as one well-mixed body of {@code thermalMass} J/K (air, racks, walls and floor
 * that warm with it). Each step its racks and lights add their heat; the running cooling units
 * remove what brings it back to the supply set point, at most their capacity. With too little
 * cooling it warms by {@code (heat - capacity) x step / thermalMass}. Its water vapour stays, so its
 * relative humidity falls as it warms.
 */
public final class RoomAir {
    private final String id;
    private final double thermalMassJPerK;
    private final double supplyC;
    private final double lightingW;
    private final double vapourHpa;
    private final List<CoolingUnit> cooling;
    private double temperatureC;
    private double coolingPowerW;
    private double lightingPowerW;

    RoomAir(String id, double thermalMassJPerK, double supplyC, double humidityPercent, double lightingW,
            List<CoolingUnit> cooling) {
        this.id = id;
        this.thermalMassJPerK = thermalMassJPerK;
        this.supplyC = supplyC;
        this.lightingW = lightingW;
        this.vapourHpa = Air.vapourHpa(supplyC, humidityPercent);
        this.cooling = List.copyOf(cooling);
        this.temperatureC = supplyC;
    }

    /** One step of {@code seconds} with {@code itHeatW} from the racks and mains usable or not. */
    synchronized void step(double itHeatW, boolean mains, double seconds) {
        lightingPowerW = mains ? lightingW : 0;
        double heatW = itHeatW + lightingPowerW;
        // what brings the air back to the set point by the end of the step (a step of 0 s: just the heat)
        double wanted = Math.max(0, heatW + (seconds > 0 ? (temperatureC - supplyC) * thermalMassJPerK / seconds : 0));
        double capacity = mains ? cooling.stream().filter(CoolingUnit::running).mapToDouble(CoolingUnit::capacityW).sum() : 0;
        double removed = Math.min(capacity, wanted);
        temperatureC += (heatW - removed) * seconds / thermalMassJPerK;
        double electric = 0;
        for (CoolingUnit unit : cooling) {
            if (mains && unit.running()) {
                electric += removed * unit.capacityW() / capacity / unit.cop(); // shared by capacity
            }
        }
        coolingPowerW = electric;
    }

    public String id() {
        return id;
    }

    public synchronized double temperatureC() {
        return temperatureC;
    }

    public double supplyC() {
        return supplyC;
    }

    public double thermalMassJPerK() {
        return thermalMassJPerK;
    }

    /** Relative humidity of this room's air once at {@code celsius} (e.g. at a rack's inlet). */
    public double relativeHumidityPercent(double celsius) {
        return Air.relativeHumidityPercent(vapourHpa, celsius);
    }

    public double dewPointC() {
        return Air.dewPointC(vapourHpa);
    }

    /** Electric power the cooling units draw now. */
    public synchronized double coolingPowerW() {
        return coolingPowerW;
    }

    public synchronized double lightingPowerW() {
        return lightingPowerW;
    }

    public List<CoolingUnit> cooling() {
        return cooling;
    }
}
