package id.jaga.controller.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditSigner;
import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.green.GreenRollup;
import id.jaga.controller.green.Period;
import id.jaga.controller.green.RoomProfile;
import id.jaga.controller.history.Retention;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.security.SecurityLog;
import id.jaga.controller.storage.Database;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * November of a simulated room with known incidents: a smoke alarm (CRITICAL, 2 h), an inlet alarm
 * that escalates to CRITICAL for 30 min, a failover to a DRC for 5 h, door events. The report lists
 * them with the figures, in HTML (rendered by Chromium), PDF (rendered by PDFBox) and CSV (read back).
 */
class MonthlyReportTest {
    /** 1 November 2026, 00:00 in Asia/Makassar. */
    static final Instant T0 = Instant.parse("2026-10-31T16:00:00Z");
    static final Duration MONTH = Duration.ofDays(30);

    @TempDir
    static Path tmp;
    static HandClock clock;
    static Database db;
    static Report report;

    @BeforeAll
    static void simulateNovember() throws SQLException {
        SiteConfig site = new SiteLoader().parse("green.yaml", RoomProfile.site(Duration.ofMinutes(5)));
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        clock = new HandClock(T0);
        RoomProfile.feed(new ReadingStore(db), T0, MONTH, Duration.ofMinutes(5), at -> false);

        AlarmService alarms = new AlarmService(new AlarmStore(db), clock, (change, active) -> { });
        at(Duration.ofDays(3).plusHours(9));
        alarms.condition("facility-power", "smoke", Severity.CRITICAL, "smoke in the server room", 1.0);
        at(Duration.ofDays(3).plusHours(11));
        alarms.condition("facility-power", "smoke", null, null, null);
        at(Duration.ofDays(10).plusHours(14));
        alarms.condition("rack-2-inlet", "temperature", Severity.MAJOR, "rack-2 inlet 31 C", 31.0);
        at(Duration.ofDays(10).plusHours(14).plusMinutes(20));
        alarms.condition("rack-2-inlet", "temperature", Severity.CRITICAL, "rack-2 inlet 33 C", 33.0);
        at(Duration.ofDays(10).plusHours(14).plusMinutes(50));
        alarms.condition("rack-2-inlet", "temperature", null, null, null);
        at(Duration.ofDays(12));
        alarms.condition("rack-1-inlet", "temperature", Severity.WARNING, "rack-1 inlet 28 C", 28.0);
        at(Duration.ofDays(12).plusHours(1));
        alarms.condition("rack-1-inlet", "temperature", null, null, null);

        failover(Duration.ofDays(20).plusHours(2), "AT_RISK", null, null);
        failover(Duration.ofDays(20).plusHours(2).plusMinutes(5), "FAILING_OVER", "drc-makassar", "budi");
        failover(Duration.ofDays(20).plusHours(2).plusMinutes(10), "ON_DRC", "drc-makassar", "budi");
        failover(Duration.ofDays(20).plusHours(7), "FAILING_BACK", "drc-makassar", "budi");
        failover(Duration.ofDays(20).plusHours(7).plusMinutes(10), "NORMAL", null, "budi");

        AuditLog audit = new AuditLog(db, clock);
        at(Duration.ofDays(5));
        audit.append(SecurityLog.CATEGORY, "access-granted", "andi", "server-room-door", "badge 4152011 <b>");
        audit.append(SecurityLog.CATEGORY, "door-opened", "andi", "server-room-door", "agent pi-1");
        audit.append(SecurityLog.CATEGORY, "access-denied", "badge:9999", "server-room-door", "unknown badge");
        audit.append(SecurityLog.CATEGORY, "access-granted", "sri", "server-room-door", "badge 4152037");

        at(MONTH.plusHours(1));
        new Retention(db, site.storage(), clock).run();
        new GreenRollup(db, site).run();
        AuditVerifier verifier = new AuditVerifier(audit, new AuditSigner(audit, tmp.resolve("keys"), clock));
        ReportBuilder builder = new ReportBuilder(site, db, audit, verifier, clock);
        report = builder.build(Period.days(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), builder.green().zone()));
    }

    private static void at(Duration sinceStart) {
        clock.advance(Duration.between(clock.instant(), T0.plus(sinceStart)));
    }

    /** The failover state machine's record of a transition, as FailoverStore writes it. */
    private static void failover(Duration sinceStart, String state, String drc, String by) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO failover_event (state,"
                + " trigger_id, drc, decided_by, attempt, drill, detail, ts) VALUES (?, 'power-exhausted', ?, ?, 'a-1', FALSE, ?, ?)")) {
            ps.setString(1, state);
            ps.setString(2, drc);
            ps.setString(3, by);
            ps.setString(4, "to " + state);
            ps.setTimestamp(5, Timestamp.from(T0.plus(sinceStart)));
            ps.executeUpdate();
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void theReportListsTheIncidentsAndTheFailoverWithTheirTimes() {
        List<Availability.Incident> incidents = report.availability().incidents();
        assertEquals(List.of("smoke", "temperature"), incidents.stream().map(Availability.Incident::type).toList(),
                "the WARNING alarm is no incident");
        assertEquals(Duration.ofHours(2), incidents.get(0).criticalFor());
        assertEquals(Duration.ofMinutes(30), incidents.get(1).criticalFor());
        assertEquals(List.of("raised", "escalated", "cleared"), incidents.get(1).timeline().stream().map(c -> c.change()).toList());
        Availability.Room room = report.availability().rooms().get(0);
        assertEquals("server-room", room.room());
        assertEquals(2, room.incidents());
        assertEquals(1 - 2.5 / (30 * 24), room.availability(), 1e-9);

        assertEquals(Duration.ofHours(5), report.failovers().onDrc(), "on DRC from ON_DRC until failback ended");
        assertEquals(1, report.failovers().attempts().size());
        assertEquals(5, report.failovers().attempts().get(0).timeline().size());
        assertEquals(Map.of("access-denied", 1, "access-granted", 2, "door-opened", 1), report.doors().byDoor().get("server-room-door"));
        assertTrue(report.audit().ok());
        assertEquals(4, report.audit().checked());
    }

    @Test
    void theCsvReadsBackWithTheFiguresOfTheMonth() {
        String csv = new String(CsvReport.render(report), StandardCharsets.UTF_8);
        Map<String, String> rows = new HashMap<>();
        List<String> lines = csv.lines().toList();
        assertEquals("section,subject,metric,value,unit", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = parse(line);
            assertEquals(5, cells.size(), line);
            rows.put(cells.get(0) + "/" + cells.get(1) + "/" + cells.get(2), cells.get(3));
        }
        double seconds = MONTH.toSeconds();
        double facilityKwh = RoomProfile.wh(RoomProfile::facilityW, 0, seconds) / 1000;
        double itKwh = RoomProfile.wh(RoomProfile::itW, 0, seconds) / 1000;
        assertEquals(facilityKwh / itKwh, Double.parseDouble(rows.get("pue/green/pue")), facilityKwh / itKwh * 0.01);
        assertEquals(facilityKwh, Double.parseDouble(rows.get("energy/green/facility-energy")), facilityKwh * 0.01);
        assertEquals(1.0, Double.parseDouble(rows.get("pue/green/coverage")), 0.001);
        for (int r = 0; r < 3; r++) {
            int rack = r;
            double kwh = RoomProfile.wh(t -> RoomProfile.rackW(rack, t), 0, seconds) / 1000;
            assertEquals(kwh, Double.parseDouble(rows.get("rack-energy/rack-" + (r + 1) + "/energy")), kwh * 0.01);
        }
        assertEquals(facilityKwh * 0.8, Double.parseDouble(rows.get("emissions/green/co2-facility")), facilityKwh * 0.8 * 0.01);
        assertEquals("2", rows.get("availability/server-room/incidents"));
        assertEquals("9000", rows.get("availability/server-room/critical-time"));
        assertEquals("18000", rows.get("failover/green/on-drc"));
        assertEquals("2", rows.get("door/server-room-door/access-granted"));
        assertEquals("true", rows.get("audit/green/intact"));
        assertEquals(30, rows.keySet().stream().filter(k -> k.startsWith("day/") && k.endsWith("/pue")).count());
    }

    @Test
    void theHtmlPageIsSelfContainedEscapedAndRendersInChromium() throws Exception {
        byte[] html = HtmlReport.render(report, Labels.of("id", report.zone()));
        String page = new String(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("Laporan Operasional Pusat Data"));
        assertTrue(page.contains("Insiden (alarm CRITICAL)"));
        assertTrue(page.contains("smoke in the server room"));
        assertTrue(!page.contains("<b>") && !page.contains("src=\"http"), "escaped, and nothing fetched from elsewhere");
        Path file = tmp.resolve("report.html");
        Files.write(file, html);
        Path png = tmp.resolve("report.png");
        Process chromium = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile"), "--window-size=1200,1600", "--screenshot=" + png,
                file.toUri().toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        assertTrue(Files.exists(png), "chromium wrote a screenshot: " + Files.readString(tmp.resolve("chromium.log")));
        assertNotOneColour(ImageIO.read(png.toFile()));
    }

    @Test
    void thePdfRendersToPagesWithContent() throws IOException {
        byte[] pdf = PdfReport.render(report, Labels.of("en", report.zone()));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertTrue(doc.getNumberOfPages() >= 2, "pages: " + doc.getNumberOfPages());
            assertNotOneColour(new PDFRenderer(doc).renderImageWithDPI(0, 72));
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.contains("Data Center Operations Report"));
            assertTrue(text.contains("Time on DRC: 5 h 0 min"), text);
        }
    }

    private static void assertNotOneColour(BufferedImage image) {
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 3) {
            for (int x = 0; x < image.getWidth() && !varied; x += 3) {
                varied = image.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, "the image has more than one colour");
    }

    /** RFC 4180: quoted cells with doubled quotes. */
    private static List<String> parse(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
