package id.jaga.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.ConfigError;
import id.jaga.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files are read like site files: every problem at once, each with file, line, column and field. */
class ScenarioLoaderTest {
    @TempDir
    Path tmp;

    private Path write(String name, String yaml) throws IOException {
        Files.createDirectories(tmp.resolve("sites"));
        Files.copy(Path.of("scenarios/sites/server-room.yaml"), tmp.resolve("sites/server-room.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return Files.writeString(tmp.resolve(name), yaml);
    }

    @Test
    void aBadScenarioNamesFileLineAndFieldOfEveryProblem() throws IOException {
        Path file = write("bad.yaml", """
                name: Broken drill
                site: sites/server-room.yaml
                speed: fast
                timeline:
                  - at: 2m
                    cooling: crac-9
                    state: failed
                  - at: soon
                    agent: pi-row-7
                    state: crashed
                  - within: 90s
                    expect: alarm rack-2-inlet/temperature-high severe
                  - at: 5m
                    fire: everywhere
                expect:
                  - no alarm of type
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> new ScenarioLoader().load(file));

        List<String> shown = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                file + ":3:1: speed: expected a number of at least 1 (how many times faster than the wall clock), found 'fast'",
                file + ":6:5: timeline[0].cooling: no cooling unit 'crac-9' in the model; known: crac-1",
                file + ":8:5: timeline[1].at: 'soon': expected a duration such as 500ms, 30s, 5m, 2h, 1d",
                file + ":9:5: timeline[1].agent: no agent 'pi-row-7' in the site; known: pi-row-1, pi-row-2",
                file + ":12:5: timeline[2].expect: unknown severity 'severe'; known: critical, major, minor, warning (or 'cleared')",
                file + ":13:5: timeline[3]: an entry needs one action (cooling, mains, load, smoke, door, badge, fault, agent,"
                        + " broker, partition, failover, drc) or an expectation (expect)",
                file + ":14:5: timeline[3].fire: unknown key 'fire'; known: agent, at, badge, broker, cooling, door, drc, failover,"
                        + " fault, load, mains, partition, smoke, state",
                file + ":16:5: expect[0]: cannot read 'no alarm of type'; expected one of: alarm SOURCE/TYPE [SEVERITY],"
                        + " alarm SOURCE/TYPE cleared, no alarm, no alarm of type TYPE, no alarm SOURCE/TYPE,"
                        + " failover STATE [to DRC], no failover, security TYPE [at DOOR], no reading lost"), shown);
    }

    @Test
    void problemsOfAnInlineSiteAndOfTheModelAreLocatedInTheScenario() throws IOException {
        Path file = write("inline.yaml", """
                name: Inline
                site:
                  site: {id: tiny, name: Tiny}
                  agents: [{id: pi-1, publishInterval: often}]
                model:
                  seed: many
                timeline: []
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> new ScenarioLoader().load(file));

        assertTrue(e.errors().stream().anyMatch(err -> err.file().equals(file.toString()) && err.line() == 4
                && err.path().equals("site.agents[0].publishInterval")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(err -> err.file().equals(file.toString()) && err.line() == 6
                && err.path().equals("model.seed")), e.getMessage());
    }

    @Test
    void aSiteFileKeepsItsOwnProblemsLocatedInItself() throws IOException {
        Files.createDirectories(tmp.resolve("sites"));
        Files.writeString(tmp.resolve("sites/broken.yaml"), "site: {id: x}\nracks: [{id: r1, room: nowhere}]\n");
        Path file = Files.writeString(tmp.resolve("uses-broken.yaml"), "name: x\nsite: sites/broken.yaml\ntimeline: []\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ScenarioLoader().load(file));

        assertTrue(e.errors().stream().allMatch(err -> err.file().endsWith("broken.yaml")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(err -> err.line() == 2 && err.path().startsWith("racks[0]")), e.getMessage());
    }

    @Test
    void expectationsTakeTheirWindowFromTheLastAction() throws IOException {
        Path file = write("windows.yaml", """
                name: Windows
                site: sites/server-room.yaml
                timeline:
                  - at: 2m
                    mains: off
                  - within: 90s
                    expect: alarm ups-status/ups-on-battery MAJOR
                  - at: 10m
                    expect: failover ON_DRC to drc-jakarta
                expect:
                  - no reading lost
                """);
        Scenario s = new ScenarioLoader().load(file);

        assertEquals(List.of(new Scenario.Step(Duration.ofMinutes(2), new Action.Mains(false))), s.steps());
        Expectation first = s.expectations().get(0);
        assertInstanceOf(Expectation.AlarmRaised.class, first);
        assertEquals("alarm ups-status/ups-on-battery MAJOR within 90s of 2m", first.heading());
        assertEquals("failover ON_DRC to drc-jakarta from 10m to the end", s.expectations().get(1).heading());
        assertEquals("no reading lost", s.expectations().get(2).heading());
        assertEquals(Duration.ofMinutes(10).plusSeconds(30), s.duration(), "the last window's start and a little more");
        assertEquals(1, s.seed(), "the model's own seed when the scenario names none");
    }

    @Test
    void anExpectationOnAnAlarmTypeTheSiteNeverRaisesIsAnError() throws IOException {
        Path file = write("typo.yaml", """
                name: Typo
                site: sites/server-room.yaml
                timeline:
                  - at: 1m
                    smoke: smoke-1
                  - within: 1m
                    expect: alarm smoke-1/smok critical
                expect:
                  - no alarm of type door-forcd
                  - no alarm of type door-forced
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> new ScenarioLoader().load(file));

        List<String> shown = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(2, shown.size(), shown::toString);
        assertTrue(shown.get(0).startsWith(file + ":7:5: timeline[1].expect: unknown alarm type 'smok'; this site can raise: "),
                shown.get(0));
        assertTrue(shown.get(1).startsWith(file + ":9:5: expect[0]: unknown alarm type 'door-forcd'; "), shown.get(1));
        assertTrue(shown.get(1).contains(" door-forced, "), shown.get(1));
    }

    @Test
    void aDuplicateKeyAndATabAreSaidPlainly() throws IOException {
        Path dup = write("dup.yaml", "name: a\nname: b\nsite: sites/server-room.yaml\ntimeline: []\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ScenarioLoader().load(dup));
        assertEquals(List.of(dup + ":2:1: name: duplicate key 'name': already given at line 1; a key may appear once in a mapping"),
                e.errors().stream().map(ConfigError::toString).toList());

        Path tab = write("tab.yaml", "name: a\nsite: sites/server-room.yaml\ntimeline:\n\t- at: 1m\n");
        e = assertThrows(ConfigException.class, () -> new ScenarioLoader().load(tab));
        assertEquals(List.of(tab + ":4:1: tabs are not allowed for indentation, use spaces"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
