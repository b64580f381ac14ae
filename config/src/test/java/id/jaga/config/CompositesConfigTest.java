package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompositesConfigTest {
    @Test
    void unknownOperatorsAndBrokenReferencesAreReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                composites:
                  - {id: c1, room: hall, severity: critical, all: [{alarm: smoke, atLeast: 0}]}
                  - {id: c2, severity: critical, xor: [{alarm: smoke}]}
                  - {id: c3, severity: major, any: [{sensor: nowhere, above: 1}, {alarm: x, sensor: y, below: 2}]}
                  - {id: c4, all: [{racksAtLeast: major, moreThan: 1.5}]}
                """));
        assertEquals(List.of(
                "bad.yaml:4:14: composites[0].room: unknown room 'hall'; known: r",
                "bad.yaml:4:67: composites[0].all[0].atLeast: must be at least 1",
                "bad.yaml:5:5: composites[1]: needs exactly one of all or any, with at least one condition",
                "bad.yaml:5:34: composites[1].xor: unknown key 'xor'; known: all, any, id, room, severity",
                "bad.yaml:6:38: composites[2].any[0].sensor: unknown sensor 'nowhere'; none is defined",
                "bad.yaml:6:66: composites[2].any[1]: a condition is one of: alarm (with atLeast), sensor (with above or below), racksAtLeast (with moreThan)",
                "bad.yaml:7:5: composites[3].severity: missing: critical, major, minor or warning",
                "bad.yaml:7:42: composites[3].all[0].moreThan: expected a share of the racks from 0 to below 1, e.g. 0.5"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
