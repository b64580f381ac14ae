package id.jaga.simulator.scenario;

/** A speed factor as people write it: 60, 7.5. */
final class Speeds {
    private Speeds() {
    }

    static String format(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }
}
