package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access section: doors, people, rules, schedules, cameras, and the agents' badge readers. */
class AccessConfigTest {
    private static final String HASH = "$2b$10$" + "a".repeat(53);
    /** One room, one agent with a door contact, an exit button, a lock, a siren and a badge reader. */
    private static final String SITE = """
            site: {id: s}
            rooms:
              - id: server-room
                sensors:
                  - {id: door-main, kind: door, agent: pi, driver: {type: simulated}}
                  - {id: exit-main, kind: exit-request, agent: pi, driver: {type: simulated}}
                  - {id: smoke-1, kind: smoke, agent: pi, driver: {type: simulated}}
            agents:
              - id: pi
                room: server-room
                outputs: [{id: lock-main, kind: lock, driver: {type: simulated}}, {id: siren-1, kind: siren, driver: {type: simulated}}]
                readers: [{id: reader-main, driver: {type: wiegand, d0: 20, d1: 21, bits: 26, pinTimeout: 10s}}]
            """;
    private final SiteLoader loader = new SiteLoader();

    @Test
    void aValidSectionIsReadWithItsDefaults() {
        SiteConfig site = loader.parse("ok.yaml", SITE + """
                access:
                  schedules:
                    office-hours: [{days: [mon, tue, wed, thu, fri], from: "07:30", to: "16:00"}]
                  doors:
                    - {id: server-room-door, name: Pintu Ruang Server, room: server-room, agent: pi, contact: door-main, lock: lock-main,
                       reader: reader-main, exit: exit-main, camera: cam, twoPersonOutside: office-hours}
                  cameras: [{id: cam, snapshotUrl: "http://10.20.0.31/cgi-bin/snapshot.cgi"}]
                  people:
                    - {id: andi, name: Andi Pratama, role: engineer, badges: ["4152011"], pinHash: "%s"}
                    - {id: budi, name: Budi, role: vendor, badges: [4A3F00C1], validUntil: 2026-12-31}
                  rules:
                    - {id: engineers, roles: [engineer], doors: [server-room-door], schedule: always}
                    - {id: visit, people: [budi], doors: [server-room-door], on: 2026-11-25, from: "09:00", to: "15:00"}
                """.formatted(HASH));
        Access access = site.access();
        Door door = access.door("server-room-door").orElseThrow();
        assertEquals(Duration.ofSeconds(5), door.unlockFor());
        assertEquals(Duration.ofMinutes(1), door.heldOpenAfter());
        assertEquals(Door.Offline.DENY, door.offline(), "no entry without the controller unless the site says so");
        assertEquals(Duration.ofSeconds(30), door.twoPersonWithin());
        assertEquals(List.of(), door.remoteUnlock(), "nobody unlocks from the console unless named");
        Camera cam = access.camera("cam").orElseThrow();
        assertEquals(Camera.DEFAULT_ON, cam.on());
        assertEquals(Duration.ofSeconds(3), cam.timeout());
        assertEquals(Duration.ofDays(7), access.allowListFor());
        assertEquals(10, access.remoteUnlocksPerHour());
        AccessRule visit = access.rules().get(1);
        assertEquals(LocalDate.of(2026, 11, 25), visit.on());
        assertEquals(LocalTime.of(9, 0), visit.from());
        assertEquals(LocalTime.of(15, 0), visit.to());
        assertEquals("wiegand", site.agent("pi").orElseThrow().readers().get(0).driverType());
    }

    @Test
    void theExamplesControlTheirServerRoomDoor() {
        SiteConfig regency = loader.load(Path.of("examples/regency-dc.yaml"));
        Door door = regency.access().door("server-room-door").orElseThrow();
        assertEquals(Door.Offline.ALLOW_LIST, door.offline());
        assertEquals(SensorKind.EXIT_REQUEST, regency.sensor(door.exit()).orElseThrow().sensor().kind());
        assertEquals("wiegand", regency.agent("pi-row-a").orElseThrow().readers().get(0).driverType());
        assertEquals(LocalDate.of(2026, 11, 25), regency.access().rules().get(2).on());

        SiteConfig demo = loader.load(Path.of("examples/demo.yaml"));
        Door demoDoor = demo.access().door("server-room-door").orElseThrow();
        assertEquals(Door.Offline.DENY, demoDoor.offline());
        assertEquals(List.of("operator", "security-officer"), demoDoor.remoteUnlock());
        assertEquals("simulated", demo.agent(demoDoor.agent()).orElseThrow().readers().get(0).driverType());
    }

    @Test
    void manyMistakesAreReportedAtOnceWithTheirPlace() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("bad.yaml", """
                site: {id: s}
                rooms:
                  - id: server-room
                    sensors:
                      - {id: door-main, kind: door, agent: pi, driver: {type: simulated}}
                agents:
                  - id: pi
                    room: server-room
                    outputs: [{id: lock-main, kind: lock, driver: {type: simulated}}, {id: siren-1, kind: siren, driver: {type: simulated}}]
                    readers: [{id: reader-main, driver: {type: wiegand, d0: 20, d1: 21}}]
                access:
                  schedules:
                    night: [{days: [mon], from: "22:00", to: "06:00"}]
                    office-hours:
                      - {days: [mon, tue], from: "07:30", to: "16:00"}
                      - {days: [tue, sat], from: "15:00", to: "18:00"}
                      - {days: [mon, funday], from: "25:00", to: "18:00"}
                  doors:
                    - {id: d1, agent: pi, contact: door-x, lock: siren-1, reader: reader-main, camera: cam-x, remoteUnlock: [viewer, operator]}
                  people:
                    - {id: andi, name: Andi, badges: ["4152011", "41-52"], pinHash: "$2a$10$tooShort"}
                    - {id: budi, name: Budi, badges: ["4152011"]}
                  rules:
                    - {id: r1, roles: [engineer], doors: [d1], schedule: office-hours, on: 2026-11-25}
                    - {id: vendor-pass, people: [budi], doors: [d1], on: 2026-11-25, from: "15:00", to: "09:00"}
                """));
        assertEquals(List.of(
                "bad.yaml:13:42: access.schedules.night[0].to: 06:00 is not after from (22:00); an overnight shift is two windows,"
                        + " e.g. 22:00-24:00 and 00:00-06:00 on the next day",
                "bad.yaml:16:9: access.schedules.office-hours[1]: overlaps window 0 on tue (07:30-16:00)",
                "bad.yaml:17:22: access.schedules.office-hours[2].days[1]: unknown day 'funday'; known: mon, tue, wed, thu, fri, sat, sun",
                "bad.yaml:17:37: access.schedules.office-hours[2].from: '25:00' is not a time of day such as 07:30",
                "bad.yaml:19:27: access.doors[0].contact: no sensor 'door-x' of kind door on agent pi; known: door-main",
                "bad.yaml:19:44: access.doors[0].lock: 'siren-1' is an output of kind siren, not lock; known: lock-main",
                "bad.yaml:19:80: access.doors[0].camera: unknown camera 'cam-x'; none is defined",
                "bad.yaml:19:110: access.doors[0].remoteUnlock[0]: a viewer may not open doors (a read-only role);"
                        + " known: operator, security-officer, admin",
                "bad.yaml:21:50: access.people[0].badges[1]: '41-52' is not a badge number: 4 to 32 decimal or hex digits",
                "bad.yaml:21:60: access.people[0].pinHash: not a bcrypt hash: $2a$, $2b$ or $2y$, a cost of 04 to 31, $, then 53 characters",
                "bad.yaml:22:39: access.people[1].badges[0]: badge '4152011' is already held by andi (access.people[0].badges[0])",
                "bad.yaml:24:7: access.rules[0]: needs exactly one of schedule (every week) or on (a one-day pass), not both",
                "bad.yaml:25:85: access.rules[1].to: 09:00 is not after from (15:00): a pass is for part of one day"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void unquotedTimesAndDatesAreReadAsWritten() {
        // YAML 1.1 would read an unquoted 16:00 as the base-60 number 960.
        SiteConfig site = loader.parse("times.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                access:
                  schedules:
                    office-hours: [{days: [mon, fri], from: 07:30, to: 16:00}, {days: [fri, sat], from: 16:00, to: 24:00}, {days: [sun], from: 8:00, to: 9:30}]
                  people: [{id: p, name: P, badges: [0041520], validUntil: 2026-12-31}]
                """);
        List<Window> windows = site.access().schedules().get("office-hours");
        assertEquals(new Window(List.of(Window.Day.MON, Window.Day.FRI), LocalTime.of(7, 30), LocalTime.of(16, 0)), windows.get(0));
        assertEquals(LocalTime.of(16, 0), windows.get(1).from(), "touching on fri, not overlapping");
        assertEquals(LocalTime.MAX, windows.get(1).to(), "24:00 is the end of the day");
        assertEquals(LocalTime.of(8, 0), windows.get(2).from());
        Person p = site.access().person("p").orElseThrow();
        assertEquals(List.of("0041520"), p.badges(), "a badge keeps its leading zeros");
        assertEquals(LocalDate.of(2026, 12, 31), p.validUntil());
    }

    @Test
    void timesDatesAndDaysThatCannotBeReadAreLocated() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                access:
                  schedules:
                    night: [{days: [mon, sunday], from: "25:00", to: 730}]
                  people: [{id: p, name: P, badges: ["1234"], validUntil: 2026-02-30}]
                """));
        assertEquals(List.of(
                "bad.yaml:5:26: access.schedules.night[0].days[1]: unknown day 'sunday'; known: mon, tue, wed, thu, fri, sat, sun",
                "bad.yaml:5:41: access.schedules.night[0].from: '25:00' is not a time of day such as 07:30",
                "bad.yaml:5:54: access.schedules.night[0].to: '730' is not a time of day such as 07:30",
                "bad.yaml:6:59: access.people[0].validUntil: '2026-02-30' is not a date such as 2026-12-31"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void doorsRulesCamerasAndReadersAreCheckedAgainstTheRestOfTheSite() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("refs.yaml", SITE + """
                  - id: pi-2
                    room: server-room
                    readers: [{id: reader-main, driver: {type: osdp}}, {id: r2, driver: {type: wiegand, d0: 40, bits: 30, beep: true}}]
                controller: {auditRetention: 180d}
                access:
                  allowListFor: 60d
                  remoteUnlocksPerHour: 0
                  schedules:
                    always: [{days: [sun], from: "00:00", to: "24:00"}]
                  doors:
                    - {id: d1, room: attic, agent: pi, contact: door-main, lock: lock-main, exit: smoke-1, unlockFor: 10m,
                       twoPersonOutside: weekends, twoPersonWithin: 0s, remoteUnlock: [guard]}
                    - {id: d2, agent: pi, contact: door-main, lock: lock-main, offline: allow-list, pinRequired: true, heldOpenAfter: 5s}
                    - {id: d3, agent: pi-9, contact: door-main, lock: lock-main}
                    - {id: d4, agent: pi, reader: r2}
                  cameras:
                    - {id: cam, snapshotUrl: "rtsp://10.0.0.9/live", timeout: 1m, on: [door-opened, motion]}
                    - {id: cam-2, snapshotUrl: "http://admin:secret@10.0.0.9/snap.jpg"}
                  people:
                    - {id: nobody, role: engineer}
                  rules:
                    - {id: r1, doors: [], schedule: weekends}
                    - {id: r2, people: [ghost], doors: [d9], schedule: always, from: "08:00"}
                """));
        assertEquals(List.of(
                "refs.yaml:15:16: agents[1].readers[0].id: duplicate id 'reader-main' (first at agents[0].readers[0])",
                "refs.yaml:16:14: controller.auditRetention: must be at least 365d: the audit log is reviewed once a year",
                "refs.yaml:18:3: access.allowListFor:"
                        + " must be from 1h to 31d: how long an agent may go on admitting from its last list while the controller is out of reach",
                "refs.yaml:19:3: access.remoteUnlocksPerHour: must be from 1 to 1000",
                "refs.yaml:21:5: access.schedules.always: 'always' is built in (open at all times) and cannot be redefined",
                "refs.yaml:23:16: access.doors[0].room: unknown room 'attic'; known: server-room",
                "refs.yaml:23:77: access.doors[0].exit: 'smoke-1' is a sensor of kind smoke, not exit-request; known: exit-main",
                "refs.yaml:23:92: access.doors[0].unlockFor: must be from 1s to 300s: the agent refuses longer unlock pulses",
                "refs.yaml:24:8: access.doors[0].twoPersonOutside: unknown schedule 'weekends'; known: always",
                "refs.yaml:24:36: access.doors[0].twoPersonWithin: must be longer than zero",
                "refs.yaml:24:72: access.doors[0].remoteUnlock[0]: unknown role 'guard';"
                        + " known: operator, security-officer, admin",
                "refs.yaml:25:27: access.doors[1].contact:"
                        + " 'door-main' is already used by access.doors[0].contact: a sensor serves one door",
                "refs.yaml:25:47: access.doors[1].lock:"
                        + " 'lock-main' is already used by access.doors[0].lock: an output serves one door",
                "refs.yaml:25:64: access.doors[1].offline: allow-list needs a reader: the list is of badges,"
                        + " and this door has no reader",
                "refs.yaml:25:85: access.doors[1].pinRequired: a PIN is typed on a reader's keypad, and this door has no reader",
                "refs.yaml:25:104: access.doors[1].heldOpenAfter: must be longer than unlockFor (5s),"
                        + " or every granted entry would be held open",
                "refs.yaml:26:16: access.doors[2].agent: unknown agent 'pi-9'; known: pi, pi-2",
                "refs.yaml:27:7: access.doors[3].contact: missing: which sensor of kind door on agent pi (known: door-main)",
                "refs.yaml:27:7: access.doors[3].lock: missing: which output of kind lock on agent pi (known: lock-main)",
                "refs.yaml:27:27: access.doors[3].reader: no reader 'r2' on agent pi; known: reader-main",
                "refs.yaml:29:17: access.cameras[0].snapshotUrl: 'rtsp://10.0.0.9/live' is not an http(s) URL",
                "refs.yaml:29:54: access.cameras[0].timeout:"
                        + " must be at most 30s: a snapshot is of use only near the moment of its event",
                "refs.yaml:29:85: access.cameras[0].on[1]: unknown event 'motion';"
                        + " known: access-granted, access-denied, door-opened, door-forced, door-held-open, remote-unlock, tamper",
                "refs.yaml:30:19: access.cameras[1].snapshotUrl:"
                        + " holds a user name or password: those go in credentialsFile, as user:password",
                "refs.yaml:32:7: access.people[0].name: missing: the person's name, as the security log shows it",
                "refs.yaml:32:7: access.people[0]: needs at least one badge or a pinHash,"
                        + " or nothing identifies this person at a door",
                "refs.yaml:34:7: access.rules[0]: needs people or roles: whom it lets in",
                "refs.yaml:34:16: access.rules[0].doors: missing: at least one door",
                "refs.yaml:34:27: access.rules[0].schedule: unknown schedule 'weekends'; known: always",
                "refs.yaml:35:25: access.rules[1].people[0]: unknown person 'ghost'; known: nobody",
                "refs.yaml:35:41: access.rules[1].doors[0]: unknown door 'd9'; known: d1, d2, d3, d4",
                "refs.yaml:35:64: access.rules[1].from: from and to go with on, for a one-day pass;"
                        + " a weekly rule takes its hours from its schedule"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void aCameraCredentialsFileIsCheckedWhereTheFilesAre(@TempDir Path dir) throws Exception {
        Path readable = Files.writeString(dir.resolve("camera.cred"), "jaga:secret");
        String yaml = SITE + """
                access:
                  cameras:
                    - {id: cam-1, snapshotUrl: "http://10.0.0.8/snap.jpg", credentialsFile: %s}
                    - {id: cam-2, snapshotUrl: "http://10.0.0.9/snap.jpg", credentialsFile: %s}
                """.formatted(readable, dir.resolve("missing.cred"));
        assertEquals(2, loader.parse("anywhere.yaml", yaml).access().cameras().size(), "not looked for unless asked");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.checkingFiles().parse("on-site.yaml", yaml));
        assertEquals(List.of("on-site.yaml:16:60: access.cameras[1].credentialsFile: " + dir.resolve("missing.cred") + " does not exist"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
