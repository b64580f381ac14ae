package id.jaga.controller.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.agent.RackAgent;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.AgentKeysForTests;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.storage.TestPostgres;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One site end to end: real agents ({@link RackAgent}, signing their messages) and a real controller
 * on a throwaway PostgreSQL database, through the test's broker. The controller and each agent can
 * be stopped and started again on the same database and state folder.
 */
final class LiveSite implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "gap-tests-read-the-health";

    private final SiteConfig site;
    private final Path dir;
    private final Storage storage;
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final Map<String, RackAgent> agents = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Controller controller;
    private boolean viewerCreated;

    private LiveSite(SiteConfig site, Path dir, Storage storage) {
        this.site = site;
        this.dir = dir;
        this.storage = storage;
    }

    /**
     * Agents {@code agentIds}, each with one temperature sensor polled four times per publish
     * interval, so every telemetry message carries readings (no heartbeat: every number is stored).
     */
    static LiveSite create(String siteId, String brokerUri, Path dir, String gapTimeout, String... agentIds) throws SQLException {
        Storage storage = TestPostgres.createDatabase();
        StringBuilder yaml = new StringBuilder("""
                site: {id: %s}
                broker: {uris: [%s]}
                storage: {url: "%s"}
                controller: {http: {host: 127.0.0.1, port: 0}, gapTimeout: %s}
                rooms: [{id: room}]
                agents:
                """.formatted(siteId, brokerUri, storage.url(), gapTimeout));
        for (String agent : agentIds) {
            yaml.append("  - {id: ").append(agent).append(", room: room, publishInterval: 200ms}\n");
        }
        yaml.append("racks:\n  - id: rack\n    room: room\n    sensors:\n");
        for (String agent : agentIds) {
            yaml.append("      - {id: inlet-").append(agent).append(", kind: temperature, agent: ").append(agent)
                    .append(", pollInterval: 50ms, driver: {type: simulated, nominal: 22}}\n");
        }
        SiteConfig site = AgentKeysForTests.withKeys(new SiteLoader().parse(siteId + ".yaml", yaml.toString()));
        return new LiveSite(site, dir, storage);
    }

    void startController() throws Exception {
        controller = Controller.start(site, dir.resolve("controller"), Clock.systemUTC());
        if (!viewerCreated) {
            controller.accounts().create("tester", PASSWORD, Role.VIEWER);
            viewerCreated = true;
        }
    }

    /** An orderly stop: what the controller had not acknowledged, the broker keeps for its session. */
    void stopController() {
        controller.close();
        controller = null;
    }

    Controller controller() {
        return controller;
    }

    RackAgent startAgent(String id) {
        RackAgent agent = new RackAgent(site, id, new Drivers(List.of(new SimulatedDriver(inputs))), dir.resolve("agents"),
                Clock.systemUTC());
        agent.start();
        agents.put(id, agent);
        return agent;
    }

    RackAgent agent(String id) {
        return agents.get(id);
    }

    /** The agent dies like a power cut; its state folder (counters, queue) stays for the next start. */
    void killAgent(String id) {
        agents.remove(id).kill();
    }

    /** The sequence numbers of the agent's telemetry stored so far, in order. */
    List<Long> storedSeqs(String agent) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT seq FROM telemetry WHERE agent_id = ? ORDER BY seq")) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The message of each data-gap alarm ever raised, by agent. */
    Map<String, String> dataGapAlarms() throws SQLException {
        Map<String, String> alarms = new LinkedHashMap<>();
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT source, message FROM alarm WHERE type = '" + DataGaps.TYPE + "' ORDER BY id")) {
            while (rs.next()) {
                alarms.put(rs.getString(1), rs.getString(2));
            }
        }
        return alarms;
    }

    /** {@code dataGaps} of {@code GET /api/health}, as a signed-in viewer sees it. */
    JsonNode healthDataGaps() throws IOException, InterruptedException {
        String api = "http://127.0.0.1:" + controller.httpPort() + "/api/";
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(api + "session"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"tester\",\"password\":\"" + PASSWORD + "\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        String token = JSON.readTree(session.body()).get("token").asText();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(api + "health"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(health.body()).path("dataGaps");
    }

    /** What Prometheus scrapes off the controller's registry. */
    String metrics() {
        return ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) controller.metrics()).scrape();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(storage.url());
    }

    @Override
    public void close() throws SQLException {
        agents.values().forEach(RackAgent::kill);
        agents.clear();
        if (controller != null) {
            controller.close();
        }
        TestPostgres.dropDatabase(storage);
    }
}
