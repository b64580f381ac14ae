package id.jaga.controller.access;

import id.jaga.config.Camera;
import id.jaga.config.Door;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.controller.storage.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CCTV stills for security events: when a door with a camera has an event of a type the camera is
 * set to capture, the camera's snapshot URL is fetched in the background (the event is never held
 * up), the image is stored with the event's audit number, and its SHA-256, or the reason there is
 * no image, goes on the audit chain.
 */
public final class Snapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    public static final String TYPE = "cctv-snapshot";
    /** A still is tens to hundreds of kB; anything far bigger is not a still. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private final Database db;
    private final AuditLog audit;
    private final Supplier<AccessRules> rules;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ExecutorService fetching = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "cctv-snapshot");
        t.setDaemon(true);
        return t;
    });

    public Snapshots(Database db, AuditLog audit, Supplier<AccessRules> rules, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.rules = rules;
        this.clock = clock;
    }

    /** Hears every audit record; takes a still for those its door's camera wants. */
    public void recorded(AuditRecord record) {
        if (!AccessControl.CATEGORY.equals(record.category()) || record.subject() == null) {
            return;
        }
        Optional<Door> door = rules.get().access().door(record.subject());
        Optional<Camera> camera = door.map(Door::camera).flatMap(id -> rules.get().access().camera(id));
        if (camera.isPresent() && camera.get().on().contains(record.type())) {
            Instant requested = clock.instant();
            fetching.execute(() -> take(record, door.get(), camera.get(), requested));
        }
    }

    private void take(AuditRecord event, Door door, Camera camera, Instant requested) {
        String status = "taken";
        String problem = null;
        String contentType = null;
        byte[] image = null;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(camera.snapshotUrl())).timeout(camera.timeout()).GET();
            if (camera.credentialsFile() != null) {
                // Read at each use, so a rotated password needs no restart; never logged.
                String credentials = Files.readString(Path.of(camera.credentialsFile()), StandardCharsets.UTF_8).strip();
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<byte[]> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .get(camera.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
            contentType = response.headers().firstValue("content-type").orElse("application/octet-stream");
            if (response.statusCode() != 200) {
                status = "failed";
                problem = "HTTP " + response.statusCode();
            } else if (response.body().length == 0 || response.body().length > MAX_BYTES) {
                status = "failed";
                problem = "an image of " + response.body().length + " bytes";
            } else {
                image = response.body();
            }
        } catch (TimeoutException e) {
            status = "no-answer";
            problem = "no answer within " + camera.timeout().toMillis() + " ms";
        } catch (ExecutionException e) {
            status = e.getCause() instanceof HttpTimeoutException ? "no-answer" : "failed";
            problem = status.equals("no-answer") ? "no answer within " + camera.timeout().toMillis() + " ms" : e.getCause().toString();
        } catch (IOException | RuntimeException e) {
            status = "failed";
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String sha = image == null ? null : sha256(image);
        try {
            long id = store(event.seq(), door.id(), camera.id(), requested, status, problem, contentType, sha, image);
            audit.append(AccessControl.CATEGORY, TYPE, null, door.id(), "camera " + camera.id() + " for record #" + event.seq()
                    + ": " + (image == null ? status + ", " + problem : "snapshot " + id + ", " + image.length + " bytes, sha256 " + sha),
                    null);
        } catch (SQLException e) {
            LOG.error("snapshot of camera {} for record #{} not stored: {}", camera.id(), event.seq(), e.getMessage());
        }
        if (image == null) {
            LOG.warn("camera {} gave no snapshot for record #{}: {}", camera.id(), event.seq(), problem);
        }
    }

    private long store(long auditSeq, String door, String camera, Instant requested, String status, String problem,
                       String contentType, String sha, byte[] image) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO security_snapshot (audit_seq, door, camera, requested_at,"
                     + " status, problem, content_type, sha256, image) VALUES (?,?,?,?,?,?,?,?,?)", new String[] {"id"})) {
            ps.setLong(1, auditSeq);
            ps.setString(2, door);
            ps.setString(3, camera);
            ps.setTimestamp(4, Timestamp.from(requested));
            ps.setString(5, status);
            ps.setString(6, problem == null || problem.length() <= 400 ? problem : problem.substring(0, 400));
            ps.setString(7, contentType);
            ps.setString(8, sha);
            ps.setString(9, image == null ? null : Base64.getEncoder().encodeToString(image));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The snapshots taken for one audit record, newest last, without their images. */
    public List<Snapshot> forRecord(long auditSeq) throws SQLException {
        return forRecords(auditSeq, auditSeq);
    }

    /** The snapshots taken for the audit records {@code fromSeq} to {@code toSeq} (inclusive), newest last, without images. */
    public List<Snapshot> forRecords(long fromSeq, long toSeq) throws SQLException {
        return query(" WHERE audit_seq BETWEEN ? AND ? ORDER BY id", List.of(fromSeq, toSeq), Integer.MAX_VALUE);
    }

    /** Newest first, before the still {@code beforeId}; of one audit record, or of all when {@code auditSeq} is null. */
    public List<Snapshot> list(Long auditSeq, long beforeId, int limit) throws SQLException {
        return auditSeq == null ? query(" WHERE id < ? ORDER BY id DESC", List.of(beforeId), limit)
                : query(" WHERE id < ? AND audit_seq = ? ORDER BY id DESC", List.of(beforeId, auditSeq), limit);
    }

    private List<Snapshot> query(String where, List<Long> params, int limit) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, audit_seq, door, camera, requested_at, status, problem,"
                     + " content_type, sha256 FROM security_snapshot" + where)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setLong(i + 1, params.get(i));
            }
            ps.setMaxRows(limit);
            List<Snapshot> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Snapshot(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
            return out;
        }
    }

    /** One image, if it was taken. */
    public Optional<Image> image(long id) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT content_type, image FROM security_snapshot WHERE id = ? AND image IS NOT NULL")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Image(rs.getString(1), Base64.getDecoder().decode(rs.getString(2)))) : Optional.empty();
            }
        }
    }

    public record Snapshot(long id, long auditSeq, String door, String camera, Instant requestedAt, String status,
                           String problem, String contentType, String sha256) {
    }

    public record Image(String contentType, byte[] bytes) {
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        fetching.shutdownNow();
    }
}
