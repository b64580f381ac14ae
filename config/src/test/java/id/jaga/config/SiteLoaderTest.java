package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteLoaderTest {
    private static final Path EXAMPLES = Path.of("examples");
    private final SiteLoader loader = new SiteLoader();

    @Test
    void regencyExampleHasTheRequiredFacilities() {
        SiteConfig site = loader.load(EXAMPLES.resolve("regency-dc.yaml"));

        assertEquals(1, site.rooms().size());
        Room room = site.rooms().get(0);
        assertEquals(4.0, room.widthM());
        assertEquals(3.0, room.depthM());
        assertEquals(4, site.racks().size());
        assertEquals(2, site.agents().size());
        assertEquals(1, count(site, SensorKind.DOOR));
        assertEquals(2, count(site, SensorKind.SMOKE));
        assertEquals(1, count(site, SensorKind.UPS_STATUS));
        assertEquals(2, site.drcSites().size());
        assertEquals(Duration.ofSeconds(10), site.sensor("rack-a1-inlet").orElseThrow().sensor().pollInterval());
    }

    @Test
    void demoExampleLoads() {
        SiteConfig site = loader.load(EXAMPLES.resolve("demo.yaml"));
        assertEquals("demo", site.site().id());
        assertEquals(1884, site.broker().embedded().port());
    }

    @Test
    void rackOverridesOnlyTheValuesItSets() {
        SiteConfig site = loader.load(EXAMPLES.resolve("regency-dc.yaml"));

        Thresholds b1 = site.thresholdsFor(site.sensor("rack-b1-inlet").orElseThrow());
        assertEquals(new Limits(18.0, 25.0), b1.warning(), "rack-b1 lowers the high limit, keeps the default low");
        assertEquals(new Limits(15.0, 32.0), b1.critical());

        Thresholds humidity = site.thresholdsFor(site.sensor("rack-a1-humidity").orElseThrow());
        assertEquals(new Limits(20.0, 60.0), humidity.warning(), "site value replaces the default");
    }

    @Test
    void siteWithoutThresholdsIsProtectedByAshraeDefaults() {
        SiteConfig site = loader.parse("min.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                agents: [{id: a, room: r}]
                racks:
                  - id: k
                    room: r
                    sensors: [{id: t, kind: temperature, agent: a, driver: {type: simulated}}]
                """);
        Thresholds t = site.thresholdsFor(site.sensor("t").orElseThrow());
        assertEquals(new Limits(18.0, 27.0), t.warning());
        assertEquals(new Limits(15.0, 32.0), t.critical());
        assertEquals("C", site.sensor("t").orElseThrow().sensor().unit());
        assertEquals(java.time.ZoneId.of("Asia/Jakarta"), site.site().zone(), "a site without a zone is in Western Indonesia (WIB)");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLocation() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                agents: [{id: a, room: r, publishInterval: soon}]
                racks:
                  - id: k1
                    room: r
                  - id: k2
                    room: r
                  - id: k3
                    room: r
                    sensors:
                      - id: t
                        kind: temprature
                        agent: a
                        polInterval: 5s
                        driver: {type: simulated}
                """));

        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "bad.yaml:3:44: agents[0].publishInterval: 'soon': expected a duration such as 500ms, 30s, 5m, 2h, 1d",
                "bad.yaml:13:15: racks[2].sensors[0].kind: unknown kind 'temprature'; known: " + SensorKind.known(),
                "bad.yaml:15:9: racks[2].sensors[0].polInterval: unknown key 'polInterval'; known: agent, bounds, driver, id, kind, pollInterval, staleAfter, thresholds, unit"),
                lines);
    }

    @Test
    void brokenReferencesAndRangesAreReportedTogether() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("refs.yaml", """
                site: {id: s, timezone: Mars/Olympus}
                rooms: [{id: r}]
                agents: [{id: a, room: nowhere}]
                thresholds:
                  temperature:
                    warning: {low: 18, high: 35}
                    critical: {low: 15, high: 32}
                racks:
                  - id: k
                    room: r
                    sensors:
                      - {id: t, kind: temperature, unit: F, agent: b, driver: {type: simulated}}
                      - {id: t, kind: humidity, agent: a, driver: {}}
                drcSites:
                  - {id: d1, location: Jakarta, priority: 1, probe: {url: "http://x/health"}}
                """));

        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "refs.yaml:1:15: site.timezone: unknown time zone 'Mars/Olympus'; e.g. Asia/Jakarta, Asia/Makassar",
                "refs.yaml:3:18: agents[0].room: unknown room 'nowhere'; known: r",
                "refs.yaml:6:24: thresholds.temperature.warning.high: warning high 35.0 is above critical high 32.0; a lower severity must trip first",
                "refs.yaml:12:36: racks[0].sensors[0].unit: 'F' is not the unit of temperature; expected C",
                "refs.yaml:12:45: racks[0].sensors[0].agent: unknown agent 'b'; known: a",
                "refs.yaml:13:10: racks[0].sensors[1].id: duplicate sensor id 't'",
                "refs.yaml:13:43: racks[0].sensors[1].driver: missing driver type, e.g. driver: {type: simulated}",
                "refs.yaml:14:1: drcSites: one DRC site configured; the regulations require at least two, at different locations",
                "refs.yaml:15:5: drcSites[0].failover: missing: the steps that switch service to this DRC"),
                lines);
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("syntax.yaml", """
                site: {id: s}
                rooms:
                  - id: r
                   name: broken indentation
                """));
        assertEquals(1, e.errors().size());
        assertEquals(4, e.errors().get(0).line());
        assertTrue(e.getMessage().startsWith("1 problem(s) in site configuration:\n  syntax.yaml:4:"), e.getMessage());
    }

    @Test
    void wrongShapeIsReportedNotThrown() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("shape.yaml", """
                site: {id: s}
                rooms: {id: r}
                racks: [{id: k, room: r, sensors: [{id: t, kind: temperature, agent: a, driver: {type: simulated}, pollInterval: [1]}]}]
                """));
        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "shape.yaml:2:8: rooms: expected a list, found a mapping",
                "shape.yaml:3:17: racks[0].room: unknown room 'r'; none is defined",
                "shape.yaml:3:63: racks[0].sensors[0].agent: unknown agent 'a'; none is defined",
                "shape.yaml:3:114: racks[0].sensors[0].pollInterval: expected a duration such as 30s, found a list"), lines);
    }

    @Test
    void bindingAndSemanticProblemsAreReportedInOnePass() {
        SiteLoader withDriverCheck = new SiteLoader(List.of((site, problems) -> site.sensors()
                .filter(p -> !"simulated".equals(p.sensor().driverType()))
                .forEach(p -> problems.add(p.path() + ".driver.type", "unknown driver"))));
        ConfigException e = assertThrows(ConfigException.class, () -> withDriverCheck.parse("both.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                agents: [{id: a, room: r}]
                racks:
                  - id: k
                    room: r
                    sensors: [{id: t, kind: temprature, agent: a, driver: {type: ds18b20}}]
                """));
        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(2, lines.size(), "the unknown kind is not reported again as a missing kind: " + lines);
        assertTrue(lines.get(0).startsWith("both.yaml:7:29: racks[0].sensors[0].kind: unknown kind 'temprature'"), lines.get(0));
        assertEquals("both.yaml:7:60: racks[0].sensors[0].driver.type: unknown driver", lines.get(1));
    }

    @Test
    void extraChecksReportThroughTheSameLocations() {
        SiteLoader withDriverCheck = new SiteLoader(List.of((site, problems) ->
                problems.add("racks[0].sensors[0].driver.type", "no such driver")));
        ConfigException e = assertThrows(ConfigException.class, () -> withDriverCheck.parse("x.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                agents: [{id: a, room: r}]
                racks:
                  - id: k
                    room: r
                    sensors:
                      - id: t
                        kind: temperature
                        agent: a
                        driver: {type: ds99}
                """));
        assertEquals("x.yaml:11:18: racks[0].sensors[0].driver.type: no such driver", e.errors().get(0).toString());
    }

    @Test
    void tlsSettingsAreBound(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "");
        Path cert = Files.writeString(dir.resolve("agent.pem"), "");
        Path key = Files.writeString(dir.resolve("agent.key"), "");
        Path password = Files.writeString(dir.resolve("mqtt.password"), "");
        SiteConfig site = new SiteLoader().checkingFiles().parse("tls.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                  uris: [ssl://mqtt.local:8883, wss://mqtt.local:8884/mqtt]
                  caFile: %s
                  clientCertFile: %s
                  clientKeyFile: %s
                  username: pi-row-a
                  passwordFile: %s
                """.formatted(ca, cert, key, password));

        Broker broker = site.broker();
        assertEquals(ca.toString(), broker.caFile());
        assertEquals(cert.toString(), broker.clientCertFile());
        assertEquals(key.toString(), broker.clientKeyFile());
        assertTrue(broker.usesTls());
        assertEquals(broker, broker.withUris(broker.uris()), "withUris keeps the credentials and TLS files");
    }

    @Test
    void tlsAndCredentialMistakesAreReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("tls.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                  uris: [ssl://mqtt.local:8883, tcp://mqtt.local:1883]
                  clientCertFile: /etc/jaga/agent.pem
                  username: pi-row-a
                """));

        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "tls.yaml:4:10: broker.uris[0]: ssl:// needs broker.caFile: the PEM certificate of the CA that signed the broker's certificate",
                "tls.yaml:4:33: broker.uris[1]: plain and TLS addresses mixed: trying this one after a TLS address would send credentials and readings unencrypted",
                "tls.yaml:4:33: broker.uris[1]: 'tcp://mqtt.local:1883' leaves this host unencrypted: use ssl:// with broker.caFile, or say insecure: true with an insecureReason",
                "tls.yaml:5:3: broker.clientCertFile: given without broker.clientKeyFile: certificate authentication needs the PEM certificate and its PKCS#8 private key",
                "tls.yaml:6:3: broker.username: given without broker.passwordFile: a broker login needs the user name and the file holding its password"),
                lines);
    }

    @Test
    void metricsAreClosedUnlessOpenedOrGivenATokenFileButNotBoth() {
        assertEquals(ControllerSettings.Metrics.CLOSED, loader.parse("plain.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                """).controller().metrics());
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("metrics.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                controller:
                  metrics:
                    open: true
                    tokenFile: /etc/jaga/metrics.token
                """));
        assertEquals(List.of(
                "metrics.yaml:5:5: controller.metrics.open: open and tokenFile exclude each other: an open /metrics needs no token"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void aKeyOrPasswordFileAloneIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("alone.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                  uris: [ssl://mqtt.local:8883]
                  caFile: /etc/jaga/ca.pem
                  clientKeyFile: /etc/jaga/agent.key
                  passwordFile: /etc/jaga/mqtt.password
                """));

        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "alone.yaml:6:3: broker.clientKeyFile: given without broker.clientCertFile: certificate authentication needs the PEM certificate and its PKCS#8 private key",
                "alone.yaml:7:3: broker.passwordFile: given without broker.username: a broker login needs the user name and the file holding its password"),
                lines);
    }

    @Test
    void brokerLoginsMustBeTellableApart() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("users.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                agents: [{id: pi-a, room: r}]
                broker:
                  username: pi-a
                  passwordFile: /etc/jaga/mqtt.password
                  nocUsername: "noc user"
                """));

        assertEquals(List.of(
                "users.yaml:5:3: broker.username: 'pi-a' is also the user name of agent pi-a: the broker could not tell them apart",
                "users.yaml:7:3: broker.nocUsername: given without broker.nocPasswordFile: the NOC's read-only login needs the user name and the file holding its password",
                "users.yaml:7:3: broker.nocUsername: 'noc user' is not a broker user name: no spaces, ':', '+', '#' or '/'"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void tlsFilesWithoutATlsAddressAreReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("plain.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                  uris: [tcp://mqtt.local:1883]
                  caFile: /etc/jaga/ca.pem
                """));

        assertTrue(e.errors().stream().map(ConfigError::toString).toList().contains(
                "plain.yaml:5:3: broker.caFile: set, but no broker URI is ssl:// or wss://: the connection would not be encrypted"));
    }

    @Test
    void reconnectDelayAndGapTimeoutHaveDefaultsAndCanBeSet() {
        SiteConfig defaults = loader.parse("d.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                """);
        assertEquals(Duration.ofSeconds(4), defaults.broker().reconnectMaxDelay());
        assertEquals(Duration.ofSeconds(30), defaults.controller().gapTimeout());

        SiteConfig set = loader.parse("s.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker: {reconnectMaxDelay: 2s}
                controller: {gapTimeout: 2m}
                """);
        assertEquals(Duration.ofSeconds(2), set.broker().reconnectMaxDelay());
        assertEquals(Duration.ofMinutes(2), set.controller().gapTimeout());
        assertEquals(set.broker(), set.broker().withUris(set.broker().uris()), "withUris keeps the reconnect delay");
    }

    @Test
    void tooShortReconnectDelayAndGapTimeoutAreReportedWithTheirPlace() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("short.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                  reconnectMaxDelay: 10ms
                controller:
                  gapTimeout: 500ms
                """));

        assertEquals(List.of("short.yaml:4:3: broker.reconnectMaxDelay: must be at least 100ms: shorter only hammers a broker that is down",
                "short.yaml:6:3: controller.gapTimeout: must be at least 1s: a reconnect replays messages out of order for a moment"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void theEmbeddedBrokerIsNotForTls() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("embedded.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                  uris: [ssl://127.0.0.1:8883]
                  caFile: /etc/jaga/ca.pem
                  embedded: {port: 8883}
                """));

        assertEquals(List.of("embedded.yaml:6:3: broker.embedded: the embedded broker has no TLS listener or"
                + " certificate check; a secured site uses its own broker"), e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void filesThatDoNotExistAreReportedWhenFilesAreChecked(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("agent.key"), "");
        String yaml = """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                  uris: [ssl://mqtt.local:8883]
                  caFile: /etc/jaga/ca.pem
                  clientCertFile: %s
                  clientKeyFile: %s
                  username: pi-row-a
                  passwordFile: %s
                """.formatted(dir.resolve("agent.pem"), key, dir.resolve("mqtt.password"));

        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().checkingFiles().parse("files.yaml", yaml));

        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "files.yaml:5:3: broker.caFile: /etc/jaga/ca.pem does not exist",
                "files.yaml:6:3: broker.clientCertFile: " + dir.resolve("agent.pem") + " does not exist",
                "files.yaml:9:3: broker.passwordFile: " + dir.resolve("mqtt.password") + " does not exist"),
                lines);
        assertEquals("s", loader.parse("files.yaml", yaml).site().id(),
                "a plain check reads the file anywhere, e.g. in CI, away from the machines that hold the secrets");
    }

    @Test
    void durationsAreReadAsWritten() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(15), Durations.parse("15m"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
        assertNull(Durations.parse("PT5S"));
        assertNull(Durations.parse("5 minutes"));
    }

    private static long count(SiteConfig site, SensorKind kind) {
        return site.sensors().filter(p -> p.sensor().kind() == kind).count();
    }

    @Test
    void anUnknownKeyIsReportedAtItsOwnLineWithItsRealPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("keys.yaml", """
                site: {id: s, name: n, timezone: Asia/Jakarta, tz: x}
                brokr:
                  uris: [tcp://127.0.0.1:1883]
                rooms:
                  - id: r
                    nmae: Ruang
                    thresholds:
                      temperature:
                        warning: {low: 18, high: 27, for: 1s, clearLow: 18.5, clearHigh: 26.5, hgih: 3}
                agents: [{id: a, room: r, extra: [1, 2]}]
                Racks: []
                model:
                  seed: 1
                """));
        assertEquals(List.of(
                "keys.yaml:1:48: site.tz: unknown key 'tz'; known: id, name, timezone",
                "keys.yaml:2:1: brokr: unknown key 'brokr'; known: " + TOP_LEVEL_KEYS,
                "keys.yaml:6:5: rooms[0].nmae: unknown key 'nmae'; known: depthM, id, name, sensors, thresholds, widthM",
                "keys.yaml:9:80: rooms[0].thresholds.temperature.warning.hgih: unknown key 'hgih'; known: clearHigh, clearLow, for, high, low",
                "keys.yaml:10:27: agents[0].extra: unknown key 'extra'; known: commandKeyFile, failsafe, id, keyFile, offlineAfter,"
                        + " outputs, publishInterval, queueMaxAge, queueMaxMegabytes, readers, room",
                "keys.yaml:11:1: Racks: unknown key 'Racks'; known: " + TOP_LEVEL_KEYS),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    private static final String TOP_LEVEL_KEYS = "access, agents, broker, composites, controller, drcSites, energy, failover,"
            + " model, notifications, racks, rooms, site, storage, thresholds";

    @Test
    void aTabIsReportedWhereItIsInPlainWords() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("tab.yaml",
                "site: {id: s}\nrooms:\n  - id: r\n\tname: Ruang\n"));
        assertEquals(List.of("tab.yaml:4:1: tabs are not allowed for indentation, use spaces"),
                e.errors().stream().map(ConfigError::toString).toList());

        e = assertThrows(ConfigException.class, () -> loader.parse("flow.yaml", "site: {id: s\nrooms: [}\n"));
        assertEquals(List.of("flow.yaml:2:6: expected ',' or '}', but got : (while parsing a flow mapping that starts at line 1,"
                + " column 7)"), e.errors().stream().map(ConfigError::toString).toList(), "the parser's cause, where it found it");
    }

    @Test
    void anEmptyFileABinaryFileAndADuplicateKeyAreSaidPlainly(@TempDir Path dir) throws Exception {
        for (String empty : List.of("", "# nothing yet\n\n", "---\n")) {
            ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("empty.yaml", empty));
            assertEquals(List.of("empty.yaml:1:1: the file is empty; a site file is a mapping of keys, starting with site: {id, name}"),
                    e.errors().stream().map(ConfigError::toString).toList(), "'" + empty + "'");
        }
        ConfigException list = assertThrows(ConfigException.class, () -> loader.parse("list.yaml", "- site\n- rooms\n"));
        assertEquals("list.yaml:1:1: a site file is a mapping of keys, starting with site: {id, name}, not a list",
                list.errors().get(0).toString());

        Path binary = Files.write(dir.resolve("site.yaml"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xc3, 0x28, 0});
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(binary));
        assertEquals(List.of(binary + ":1:9: not a text file: byte 0xC3 is not UTF-8 (this looks like a binary file);"
                + " a YAML file is text in UTF-8"), e.errors().stream().map(ConfigError::toString).toList());
        Path nul = Files.writeString(dir.resolve("nul.yaml"), "site: {id: s}\nrooms: [{id: r}]\n\0\u0001 x\n");
        e = assertThrows(ConfigException.class, () -> loader.load(nul));
        assertEquals(List.of(nul + ":3:1: the character U+0000 is not allowed in a YAML file (is this a binary file?)"),
                e.errors().stream().map(ConfigError::toString).toList());
        e = assertThrows(ConfigException.class, () -> loader.load(dir.resolve("missing.yaml")));
        assertEquals(List.of(dir.resolve("missing.yaml") + ": cannot read: no such file"),
                e.errors().stream().map(ConfigError::toString).toList());

        e = assertThrows(ConfigException.class, () -> loader.parse("dup.yaml", """
                site: {id: s}
                rooms:
                  - id: r
                    name: Ruang Server
                    name: Ruang UPS
                site: {id: t}
                """));
        assertEquals(List.of(
                "dup.yaml:5:5: rooms[0].name: duplicate key 'name': already given at line 4; a key may appear once in a mapping",
                "dup.yaml:6:1: site: duplicate key 'site': already given at line 1; a key may appear once in a mapping"),
                e.errors().stream().map(ConfigError::toString).toList(), "every duplicate, with its path");
    }

    @Test
    void emptyEntriesAreReportedNotACrash() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("gaps.yaml", """
                site: {id: s}
                rooms: [~, {id: r, sensors: [~]}]
                agents: [~, {id: a, room: r}]
                racks: [~]
                """));
        assertEquals(List.of("gaps.yaml:2:9: rooms[0]: empty entry", "gaps.yaml:2:30: rooms[1].sensors[0]: empty entry",
                "gaps.yaml:3:10: agents[0]: empty entry", "gaps.yaml:4:9: racks[0]: empty entry"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
