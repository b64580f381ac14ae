package id.jaga.simulator.scenario;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.jaga.config.DrcAction;
import id.jaga.config.DrcSite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every DRC of a scenario's site, played by one local HTTP server: it answers each DRC's health
 * probe ({@code GET /DRC/health}: 200, or 503 while the scenario has it down) and takes the calls
 * that switch service to it and back ({@code POST /DRC/failover}, {@code /DRC/failback}), which
 * go on the timeline. The site's own probes and actions (real GSLBs, DNS, scripts) never run in a drill.
 */
final class DrcStandIn implements AutoCloseable {
    private final HttpServer server;
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    DrcStandIn(Consumer<String> heard) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> answer(exchange, heard));
        server.start();
    }

    private void answer(HttpExchange exchange, Consumer<String> heard) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String drc = parts.length > 1 ? parts[1] : "";
        String what = parts.length > 2 ? parts[2] : "";
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = 200;
        if (down.contains(drc)) {
            status = 503;
        } else if (!"health".equals(what)) {
            heard.accept("DRC " + drc + " received the " + what + " call " + body);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    void healthy(String drc, boolean healthy) {
        if (healthy) {
            down.remove(drc);
        } else {
            down.add(drc);
        }
    }

    /** The DRC as the controller sees it in a drill: probed and switched here, with its own interval and timeout. */
    DrcSite standingIn(DrcSite drc) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + drc.id();
        String body = "{\"trigger\":\"{{trigger}}\",\"key\":\"{{key}}\"}";
        return new DrcSite(drc.id(), drc.name(), drc.location(), drc.priority(),
                new DrcSite.Probe(base + "/health", null, 200, drc.probe().interval(), drc.probe().timeout()),
                List.of(new DrcAction(new DrcAction.Http("POST", base + "/failover", null, body, 200, 0, null), null, null)),
                List.of(new DrcAction(new DrcAction.Http("POST", base + "/failback", null, "{\"key\":\"{{key}}\"}", 200, 0, null),
                        null, null)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
