package id.jaga.controller.green;

/** The ASHRAE TC 9.9 rack inlet temperature ranges (class A1), in C. */
public record Ashrae(double low, double high) {
    public static final Ashrae RECOMMENDED = new Ashrae(18, 27);
    public static final Ashrae ALLOWABLE = new Ashrae(15, 32);

    public boolean contains(double celsius) {
        return celsius >= low && celsius <= high;
    }
}
