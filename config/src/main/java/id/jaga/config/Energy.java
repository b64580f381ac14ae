package id.jaga.config;

import java.util.List;

/**
 * Which power sensors the green figures read. {@code facility}: the meters whose sum is the whole
 * facility's draw (IT, cooling, lighting, UPS losses), the numerator of PUE. {@code it}: the meters of
 * IT equipment (rack PDUs); when not given, every power sensor mounted on a rack. {@code emissionFactor}:
 * kg CO2 per kWh taken from the grid.
 */
public record Energy(List<String> facility, List<String> it, Double emissionFactor) {
    /**
     * Indonesia's average grid emission factor, 0.867 kg CO2/kWh (PLN, RUPTL 2015-2024, chapter 6);
     * a site sets the current figure of its own grid (docs/green.md).
     */
    public static final double INDONESIA_GRID_KG_PER_KWH = 0.867;
    public static final Energy DEFAULT = new Energy(null, null, null);

    public Energy {
        facility = Lists.of(facility);
        it = it == null ? null : Lists.of(it);
        emissionFactor = emissionFactor == null ? INDONESIA_GRID_KG_PER_KWH : emissionFactor;
    }
}
