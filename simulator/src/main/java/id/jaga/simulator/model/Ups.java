package id.jaga.simulator.model;

import java.time.Duration;
import java.util.StringJoiner;

/**
 * The site's UPS and its battery. On battery the inverter draws {@code load / efficiency} from the
 * battery, whose runtime from full at that draw follows Peukert's law against the one-hour rate:
 * {@code t = 1 h x (batteryWh / (draw x 1 h)) ^ peukert}. The state of charge falls by
 * {@code step / t} each step, so the runtime estimate {@code charge x t} is what the battery then
 * delivers at a steady load. When mains is back the battery recharges linearly over
 * {@code rechargeTime}; at empty the UPS switches its output off until mains returns.
 */
public final class Ups {
    /** NUT reports no more than a day of runtime for a nearly idle UPS; neither does the model. */
    static final double MAX_RUNTIME_S = 86_400;

    private final double ratedW;
    private final double batteryWh;
    private final double efficiency;
    private final double peukert;
    private final double lowBatteryPercent;
    private final double lowRuntimeS;
    private final double rechargeS;
    private double charge;
    private double loadW;
    private boolean onBattery;
    private boolean exhausted;
    private volatile boolean bypass;
    private volatile boolean replaceBattery;

    Ups(double ratedW, double batteryWh, double efficiency, double peukert, double lowBatteryPercent, Duration lowRuntime,
        Duration rechargeTime, double chargePercent) {
        this.ratedW = ratedW;
        this.batteryWh = batteryWh;
        this.efficiency = efficiency;
        this.peukert = peukert;
        this.lowBatteryPercent = lowBatteryPercent;
        this.lowRuntimeS = lowRuntime.toMillis() / 1000.0;
        this.rechargeS = rechargeTime.toMillis() / 1000.0;
        this.charge = chargePercent / 100;
    }

    /**
     * One step of {@code seconds} carrying {@code loadW} (what the racks draw). Returns whether the
     * output stays on, i.e. the racks have power for this step.
     */
    synchronized boolean step(double loadW, boolean mains, double seconds) {
        this.loadW = loadW;
        onBattery = !mains;
        if (mains) {
            exhausted = false; // the UPS restarts its output when mains returns
            if (!bypass) {
                charge = Math.min(1, charge + seconds / rechargeS);
            }
            return true;
        }
        if (bypass || exhausted) {
            return false;
        }
        charge = Math.max(0, charge - seconds / fullRuntimeSeconds(loadW));
        if (charge == 0) {
            exhausted = true;
        }
        return !exhausted;
    }

    /** Seconds a full battery lasts at this load (Peukert, one-hour rate), capped at a day. */
    double fullRuntimeSeconds(double loadW) {
        double drawW = loadW / efficiency;
        if (drawW <= 0) {
            return MAX_RUNTIME_S;
        }
        return Math.min(MAX_RUNTIME_S, 3600 * Math.pow(batteryWh / drawW, peukert));
    }

    /** What the UPS takes from mains for this load: the load, its losses, and the charger. */
    synchronized double inputW(double loadW, boolean mains) {
        if (!mains) {
            return 0;
        }
        if (bypass) {
            return loadW;
        }
        double charger = charge < 1 ? batteryWh * 3600 / rechargeS / efficiency : 0;
        return loadW / efficiency + charger;
    }

    public synchronized double chargePercent() {
        return charge * 100;
    }

    /** NUT's {@code battery.runtime}: seconds left at the present load. */
    public synchronized double runtimeSeconds() {
        return exhausted ? 0 : Math.min(MAX_RUNTIME_S, charge * fullRuntimeSeconds(loadW));
    }

    public Duration runtime() {
        return Duration.ofMillis(Math.round(runtimeSeconds() * 1000));
    }

    /** NUT's {@code ups.load}: percent of the rated power. */
    public synchronized double loadPercent() {
        return outputOn() ? 100 * loadW / ratedW : 0;
    }

    public synchronized boolean outputOn() {
        return !(onBattery && (bypass || exhausted));
    }

    /** NUT's {@code ups.status} tokens, e.g. {@code OL CHRG}, {@code OB DISCHRG LB}. */
    public synchronized String status() {
        StringJoiner s = new StringJoiner(" ");
        if (!outputOn()) {
            s.add("OFF");
            if (onBattery) {
                s.add("OB");
            }
        } else if (onBattery) {
            s.add("OB").add("DISCHRG");
            if (chargePercent() < lowBatteryPercent || runtimeSeconds() < lowRuntimeS) {
                s.add("LB");
            }
        } else {
            s.add("OL");
            if (bypass) {
                s.add("BYPASS");
            } else if (charge < 1) {
                s.add("CHRG");
            }
        }
        if (outputOn() && loadW > ratedW) {
            s.add("OVER");
        }
        if (replaceBattery) {
            s.add("RB");
        }
        return s.toString();
    }

    /** Runs the load straight from mains (maintenance or fault bypass): no losses, no protection. */
    public void bypass(boolean on) {
        bypass = on;
    }

    /** The UPS's battery test failed: status gains RB. */
    public void replaceBattery(boolean needed) {
        replaceBattery = needed;
    }

    public double ratedW() {
        return ratedW;
    }

    public double batteryWh() {
        return batteryWh;
    }
}
