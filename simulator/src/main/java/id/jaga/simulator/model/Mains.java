package id.jaga.simulator.model;

/**
 * The utility supply. The UPS and the cooling use it while its voltage is within -20 % / +15 % of
 * nominal; outside that window (an outage is 0 V) the UPS runs on battery and the cooling stops.
 */
public final class Mains {
    static final double LOW = 0.80;
    static final double HIGH = 1.15;
    private final double nominalV;
    private volatile double voltageV;

    Mains(double nominalV) {
        this.nominalV = nominalV;
        this.voltageV = nominalV;
    }

    /** The grid is gone. */
    public void outage() {
        voltageV = 0;
    }

    /** The grid is back at its nominal voltage. */
    public void restore() {
        voltageV = nominalV;
    }

    /** A sag or swell: e.g. 180 V on a 230 V grid is outside the UPS's window. */
    public void voltage(double volts) {
        if (!(volts >= 0) || Double.isInfinite(volts)) {
            throw new IllegalArgumentException("a voltage is a finite number of at least 0, found " + volts);
        }
        voltageV = volts;
    }

    public double voltageV() {
        return voltageV;
    }

    public double nominalV() {
        return nominalV;
    }

    /** Within the window the UPS and the cooling accept. */
    public boolean usable() {
        double v = voltageV;
        return v >= LOW * nominalV && v <= HIGH * nominalV;
    }
}
