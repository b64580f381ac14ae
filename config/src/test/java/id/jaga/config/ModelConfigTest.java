package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
    private static final String SITE = """
            site: {id: s}
            rooms:
              - id: r
                sensors: [{id: smoke-1, kind: smoke, agent: pi, driver: {type: simulated}}]
            agents: [{id: pi, room: r}]
            racks:
              - id: rack-1
                room: r
                sensors:
                  - {id: rack-1-in, kind: temperature, agent: pi, driver: {type: simulated}}
                  - {id: rack-1-out, kind: temperature, agent: pi, driver: {type: simulated}}
            """;

    @Test
    void aSiteWithoutAModelGetsTheDefaults() {
        ModelSettings model = new SiteLoader().parse("ok.yaml", SITE).model();
        assertEquals(1L, model.seed());
        assertEquals(Duration.ofSeconds(1), model.step());
        assertEquals(Duration.ofSeconds(60), model.smokeSpreadAfter());
        assertEquals(230.0, model.mains().voltageV());
        assertEquals(0.95, model.ups().efficiency());
        assertEquals(ModelSettings.INLET, model.position("rack-1-in"));
    }

    @Test
    void aModelIsReadWithItsPositionsAndCoolingUnits() {
        ModelSettings model = new SiteLoader().parse("ok.yaml", SITE + """
                model:
                  seed: 42
                  step: 500ms
                  ups: {batteryWh: 3000, lowRuntime: 3m}
                  rooms: [{id: r, thermalMassJPerK: 720000, cooling: [{id: crac-1, capacityKw: 10}]}]
                  racks: [{id: rack-1, loadW: 3500}]
                  sensors: [{id: rack-1-out, position: outlet}]
                """).model();
        assertEquals(42L, model.seed());
        assertEquals(Duration.ofMillis(500), model.step());
        assertEquals(Duration.ofMinutes(3), model.ups().lowRuntime());
        assertEquals(3.0, model.room("r").orElseThrow().cooling().get(0).cop(), "a typical COP unless given");
        assertEquals(3500.0, model.rack("rack-1").orElseThrow().loadW());
        assertEquals(ModelSettings.OUTLET, model.position("rack-1-out"));
    }

    @Test
    void mistakesInTheModelAreReportedWithTheirPlace() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("bad.yaml", SITE + """
                model:
                  step: 5m
                  ups: {efficiency: 1.5, peukert: 3}
                  rooms:
                    - {id: attic}
                    - {id: r, thermalMassJPerK: 0, humidityPercent: 120, cooling: [{id: crac-1}, {id: crac-1, capacityKw: 5, cop: 0}]}
                  racks: [{id: rack-1, loadW: -5}, {id: rack-1}]
                  sensors: [{id: rack-1-out, position: top}, {id: smoke-1, position: inlet}, {id: rack-1-in, where: outlet}]
                """));
        assertEquals(List.of(
                "bad.yaml:13:3: model.step: at most 1m: longer steps make the physics coarse",
                "bad.yaml:14:9: model.ups.efficiency: must be above 0 and at most 1, e.g. 0.95",
                "bad.yaml:14:26: model.ups.peukert: must be from 1 to 2, found 3",
                "bad.yaml:16:8: model.rooms[0].id: unknown room 'attic'; known: r",
                "bad.yaml:17:15: model.rooms[1].thermalMassJPerK: must be above zero, found 0",
                "bad.yaml:17:36: model.rooms[1].humidityPercent: must be from 1 to 100, found 120",
                "bad.yaml:17:68: model.rooms[1].cooling[0].capacityKw: missing: the heat the unit can remove, in kW",
                "bad.yaml:17:83: model.rooms[1].cooling[1].id: cooling unit 'crac-1' is defined twice",
                "bad.yaml:17:110: model.rooms[1].cooling[1].cop: must be from 0.5 to 10, found 0",
                "bad.yaml:18:24: model.racks[0].loadW: must be from 0 to 1000000, found -5",
                "bad.yaml:18:37: model.racks[1].id: rack 'rack-1' is described twice",
                "bad.yaml:19:30: model.sensors[0].position: expected inlet or outlet, found 'top'",
                "bad.yaml:19:47: model.sensors[1].id: a position applies to a rack's temperature or humidity sensor;"
                        + " 'smoke-1' is a smoke sensor of room r",
                "bad.yaml:19:78: model.sensors[2].position: missing: inlet or outlet",
                "bad.yaml:19:94: model.sensors[2].where: unknown key 'where'; known: id, position"), e.errors().stream().map(ConfigError::toString).toList());
    }
}
