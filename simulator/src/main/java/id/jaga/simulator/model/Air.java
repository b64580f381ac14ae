package id.jaga.simulator.model;

/**
 * Moist air, by the Magnus formula (Sonntag's constants, good to 0.1 % from -45 to 60 C): the
 * water vapour pressure stays while the air warms or cools, so relative humidity falls as it warms.
 */
final class Air {
    /** Volumetric heat capacity of air at about 25 C and sea level: 1.2 kg/m3 x 1005 J/(kg K). */
    static final double HEAT_CAPACITY_J_PER_M3K = 1.2 * 1005;
    private static final double A = 6.112;
    private static final double B = 17.62;
    private static final double C = 243.12;

    private Air() {
    }

    /** Saturation vapour pressure over water, hPa. */
    static double saturationHpa(double celsius) {
        return A * Math.exp(B * celsius / (C + celsius));
    }

    static double vapourHpa(double celsius, double relativeHumidityPercent) {
        return saturationHpa(celsius) * relativeHumidityPercent / 100;
    }

    static double relativeHumidityPercent(double vapourHpa, double celsius) {
        return Math.min(100, 100 * vapourHpa / saturationHpa(celsius));
    }

    static double dewPointC(double vapourHpa) {
        double g = Math.log(vapourHpa / A);
        return C * g / (B - g);
    }
}
