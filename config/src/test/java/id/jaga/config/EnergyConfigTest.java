package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyConfigTest {
    private static final String SITE = """
            site: {id: s}
            rooms:
              - id: hall
                sensors:
                  - {id: facility, kind: power, agent: a, driver: {type: simulated}}
                  - {id: mains, kind: mains-voltage, agent: a, driver: {type: simulated}}
            agents: [{id: a, room: hall}]
            racks:
              - id: r1
                room: hall
                capacity: 6kW
                sensors:
                  - {id: r1-power, kind: power, agent: a, driver: {type: simulated}}
                  - {id: r1-inlet, kind: temperature, agent: a, driver: {type: simulated}}
              - id: r2
                room: hall
                capacity: 4500 W
                sensors: [{id: r2-power, kind: power, agent: a, driver: {type: simulated}}]
            """;

    @Test
    void metersCapacityAndEmissionFactorAreRead() {
        SiteConfig site = new SiteLoader().parse("site.yaml", SITE + """
                energy: {facility: [facility], emissionFactor: 0.79}
                """);
        assertEquals(6000.0, site.rack("r1").orElseThrow().capacity().watts());
        assertEquals(4500.0, site.rack("r2").orElseThrow().capacity().watts());
        assertEquals(List.of("facility"), site.facilityMeters().stream().map(p -> p.sensor().id()).toList());
        // Without energy.it, every power sensor on a rack is IT equipment.
        assertEquals(List.of("r1-power", "r2-power"), site.itMeters().stream().map(p -> p.sensor().id()).toList());
        assertEquals(0.79, site.energy().emissionFactor());
    }

    @Test
    void theDefaultEmissionFactorIsIndonesiasGrid() {
        SiteConfig site = new SiteLoader().parse("site.yaml", SITE);
        assertEquals(Energy.INDONESIA_GRID_KG_PER_KWH, site.energy().emissionFactor());
        assertEquals(List.of(), site.facilityMeters());
    }

    @Test
    void wrongMetersAndValuesAreReportedWhereTheyAre() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("bad.yaml",
                SITE.replace("capacity: 6kW", "capacity: lots").replace("capacity: 4500 W", "capacity: 0") + """
                energy:
                  facility: [facility, mains, facility]
                  it: [r1-power, nowhere, facility]
                  emissionFactor: 7
                """));
        assertEquals(List.of(
                "bad.yaml:11:15: racks[0].capacity: 'lots': expected a power such as 6kW, 4.5 kW or 4500W",
                "bad.yaml:17:5: racks[1].capacity: must be above zero, e.g. 6kW",
                "bad.yaml:20:24: energy.facility[1]: 'mains' is a mains-voltage sensor; meters here are power sensors (W)",
                "bad.yaml:20:31: energy.facility[2]: 'facility' is listed twice and would be counted twice",
                "bad.yaml:21:18: energy.it[1]: unknown sensor 'nowhere'",
                "bad.yaml:21:27: energy.it[2]: 'facility' is also a facility meter; a meter is one or the other",
                "bad.yaml:22:3: energy.emissionFactor: 7.0 kg CO2/kWh is not a grid's factor (0 to 2; Indonesia's is about 0.87)"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
