package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent's queue, command key, outputs and fail-safe rules in the site file. */
class AgentConfigTest {
    private final SiteLoader loader = new SiteLoader();

    @Test
    void outputsAndFailsafeRulesAreRead() {
        SiteConfig site = loader.parse("ok.yaml", """
                site: {id: s}
                rooms: [{id: r, sensors: [{id: smoke-1, kind: smoke, agent: a, driver: {type: simulated}}]}]
                agents:
                  - id: a
                    room: r
                    queueMaxMegabytes: 16
                    queueMaxAge: 2d
                    outputs: [{id: siren-1, kind: siren, driver: {type: simulated}}]
                    failsafe: [{sensor: smoke-1, above: 0.5, output: siren-1}]
                """);
        Agent a = site.agent("a").orElseThrow();
        assertEquals(16, a.queueMaxMegabytes());
        assertEquals(Duration.ofDays(2), a.queueMaxAge());
        assertEquals(Output.Kind.SIREN, a.outputs().get(0).kind());
        FailsafeRule rule = a.failsafe().get(0);
        assertEquals(true, rule.latch(), "latched unless said otherwise");
        assertEquals(true, rule.triggeredBy(1));
        assertEquals(false, rule.triggeredBy(0));
    }

    @Test
    void badOutputsRulesAndKeysAreReportedWithTheirPaths() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("bad.yaml", """
                site: {id: s}
                rooms:
                  - id: r
                    sensors:
                      - {id: smoke-1, kind: smoke, agent: a, driver: {type: simulated}}
                      - {id: smoke-2, kind: smoke, agent: b, driver: {type: simulated}}
                agents:
                  - id: a
                    room: r
                    commandKeyFile: /nonexistent/a.key
                    queueMaxMegabytes: 0
                    outputs:
                      - {id: siren-1, kind: horn, driver: {type: simulated}}
                      - {id: siren-1, kind: siren, driver: {type: simulated}}
                    failsafe:
                      - {sensor: smoke-2, above: 0.5, output: siren-1}
                      - {sensor: smoke-1, output: siren-9}
                  - {id: b, room: r}
                """));
        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "bad.yaml:11:5: agents[0].queueMaxMegabytes: must be at least 1",
                "bad.yaml:13:29: agents[0].outputs[0].kind: unknown kind 'horn'; known: lock, siren, relay",
                "bad.yaml:14:10: agents[0].outputs[1].id: duplicate id 'siren-1' (first at agents[0].outputs[0])",
                "bad.yaml:16:10: agents[0].failsafe[0].sensor: unknown sensor of this agent 'smoke-2'; known: smoke-1",
                "bad.yaml:17:9: agents[0].failsafe[1]: needs exactly one of above or below",
                "bad.yaml:17:27: agents[0].failsafe[1].output: unknown output 'siren-9'; known: siren-1"), lines);
    }
}
