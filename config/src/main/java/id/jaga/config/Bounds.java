package id.jaga.config;

/**
 * The values a sensor can physically report, inclusive. A value outside is a failed read, a wrong
 * unit or a forgery, never a measurement: the agent marks it bad and the controller refuses it, so
 * it reaches neither a rule nor the store. Each kind has its own ({@link #of}); a sensor may set
 * {@code bounds: {min, max}} in the site file, either or both, and what it leaves out stays the kind's.
 */
public record Bounds(Double min, Double max) {
    /** Nothing is out of bounds: the text of a UPS status. */
    public static final Bounds NONE = new Bounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    /** A power meter not on a rack with a capacity: well above a whole data center of this project's size. */
    public static final double POWER_CEILING_W = 10_000_000;
    /** How far above its rated capacity a rack's draw may be read: beyond it the rack's feeds would have tripped. */
    public static final double RACK_CAPACITY_FACTOR = 2;

    /**
     * What any sensor of the kind can report, whatever its driver (docs/protocol.md has the table and
     * the reasons). Contacts report 0 or 1 and nothing between ({@link SensorKind#isContact}).
     */
    public static Bounds of(SensorKind kind) {
        return switch (kind) {
            // SHT31 -40..125, DS18B20 -55..125: no data center air is below -40, none of our sensors reads above 125
            case TEMPERATURE, CPU_TEMPERATURE -> new Bounds(-40.0, 125.0);
            // never above the air's temperature; air at 20 C and 1 %RH has a dew point near -38 C
            case DEW_POINT -> new Bounds(-80.0, 125.0);
            case HUMIDITY, BATTERY_CHARGE -> new Bounds(0.0, 100.0);
            // negative: reverse flow, a battery charging or a site exporting solar power
            case POWER -> new Bounds(-POWER_CEILING_W, POWER_CEILING_W);
            // IEC 60364 low voltage: at most 1500 V DC (either polarity) and 1000 V AC (an RMS value)
            case VOLTAGE -> new Bounds(-1500.0, 1500.0);
            case MAINS_VOLTAGE -> new Bounds(0.0, 1000.0);
            // a 10 MW site at 400 V draws about 14 kA over three phases
            case CURRENT -> new Bounds(-10_000.0, 10_000.0);
            // what the power ceiling meters in ten years (8.8e8 kWh), rounded up
            case ENERGY -> new Bounds(0.0, 1e9);
            // a UPS carrying its load for a week is not a UPS; an unloaded one may estimate many hours
            case BATTERY_RUNTIME -> new Bounds(0.0, 7 * 24 * 3600.0);
            // a UPS overloaded past 150 % goes to bypass or trips within seconds
            case UPS_LOAD -> new Bounds(0.0, 200.0);
            case DOOR, SMOKE, EXIT_REQUEST, TAMPER -> new Bounds(0.0, 1.0);
            // a 4-core Pi with a load of 1000 has long stopped sending anything
            case CPU_LOAD -> new Bounds(0.0, 1000.0);
            // 100 TB: no agent's disk is that large
            case DISK_FREE -> new Bounds(0.0, 1e8);
            case UPS_STATUS -> NONE;
        };
    }

    /** A rack's power meter: it draws, never feeds, and at most twice what the rack is rated for. */
    public static Bounds ofRack(Power capacity) {
        return new Bounds(0.0, capacity.watts() * RACK_CAPACITY_FACTOR);
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** These bounds with what {@code other} sets (either end or both) in its place. */
    public Bounds overriddenBy(Bounds other) {
        if (other == null) {
            return this;
        }
        return new Bounds(other.min != null ? other.min : min, other.max != null ? other.max : max);
    }
}
