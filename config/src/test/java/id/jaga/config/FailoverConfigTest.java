package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverConfigTest {
    private static final String DRCS = """
            site: {id: s}
            rooms: [{id: r}]
            drcSites:
              - {id: a, location: Makassar, priority: 1, probe: {tcp: "a.example:443"}, failover: [{mqtt: {topic: x}}]}
              - {id: b, location: Jakarta, priority: 2, probe: {tcp: "b.example:443"}, failover: [{mqtt: {topic: y}}]}
            """;

    @Test
    void aPolicyIsReadWithItsDefaults() {
        SiteConfig site = new SiteLoader().parse("ok.yaml", DRCS + """
                composites: [{id: fire-confirmed, room: r, severity: critical, any: [{racksAtLeast: critical, moreThan: 0.5}]}]
                failover:
                  triggers: [{id: fire, any: [{alarm: fire-confirmed}], decide: automatic}]
                """);
        FailoverPolicy f = site.failover();
        assertEquals(FailoverPolicy.APPROVAL, f.mode(), "an operator decides unless the site says otherwise");
        assertEquals(Duration.ofMinutes(5), f.approvalWindow());
        assertEquals("failover", f.onApprovalTimeout());
        assertEquals(Duration.ZERO, f.triggers().get(0).confirmFor());
    }

    @Test
    void mistakesInActionsAndTriggersAreReportedWithTheirPlace() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                drcSites:
                  - id: a
                    location: Makassar
                    priority: 1
                    probe: {tcp: "a.example:443"}
                    failover: [{http: {url: "ftp://gslb/x", method: FETCH}}, {command: {run: []}, mqtt: {topic: t}}]
                  - {id: b, location: Jakarta, priority: 2, probe: {tcp: "b.example:443"}}
                failover:
                  mode: sometimes
                  onApprovalTimeout: shrug
                  triggers:
                    - {id: heat, room: attic, decide: maybe, any: [{sensor: nowhere, below: 3}]}
                    - {id: heat, all: [{alarm: drc-unhealthy}], any: [{alarm: drc-unhealthy}]}
                """));
        assertEquals(List.of(
                "bad.yaml:8:24: drcSites[0].failover[0].http.url: 'ftp://gslb/x' is not an http(s) URL",
                "bad.yaml:8:45: drcSites[0].failover[0].http.method: unknown method 'FETCH'; known: GET, POST, PUT, PATCH, DELETE",
                "bad.yaml:8:62: drcSites[0].failover[1]: a step is exactly one of http, command or mqtt",
                "bad.yaml:9:5: drcSites[1].failover: missing: the steps that switch service to this DRC",
                "bad.yaml:11:3: failover.mode: unknown mode 'sometimes'; known: automatic, approval, drill",
                "bad.yaml:12:3: failover.onApprovalTimeout: expected failover or cancel, found 'shrug'",
                "bad.yaml:14:18: failover.triggers[0].room: unknown room 'attic'; known: r",
                "bad.yaml:14:31: failover.triggers[0].decide: expected automatic or approval, found 'maybe'",
                "bad.yaml:14:53: failover.triggers[0].any[0].sensor: unknown sensor 'nowhere'; none is defined",
                "bad.yaml:15:7: failover.triggers[1]: needs exactly one of all or any, with at least one condition",
                "bad.yaml:15:8: failover.triggers[1].id: duplicate id 'heat' (first at failover.triggers[0])"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
