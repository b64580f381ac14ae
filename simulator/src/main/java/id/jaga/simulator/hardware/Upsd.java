package id.jaga.simulator.hardware;

import id.jaga.config.Sensor;
import id.jaga.sensors.wire.Quality;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UPS daemon speaking the Network UPS Tools network protocol (as upsd does on TCP 3493) on a free
 * loopback port, serving the world's UPS readings: each UPS's variables are the sensors that read
 * them, answered with the world's value at the moment they are asked. The subset served is what
 * NUT's clients use to read: {@code VER}, {@code NETVER}, {@code STARTTLS} (refused, as by an upsd
 * without certificates), {@code USERNAME}, {@code PASSWORD}, {@code LOGIN}, {@code LIST UPS},
 * {@code LIST VAR}, {@code GET VAR}, {@code LOGOUT}. Any account and password is accepted: it is a
 * simulation on loopback. A sensor failing {@link Quality#STALE} makes its UPS answer
 * {@code ERR DATA-STALE}, as upsd does when the UPS's driver stops updating; one failing
 * {@link Quality#BAD} leaves its variable out, as a driver that does not report it.
 */
final class Upsd implements AutoCloseable {
    static final String VERSION = "Network UPS Tools upsd 2.8.0 - simulated by Jaga";
    /** Protocol version of NUT 2.8. */
    static final String NETVER = "1.3";
    private static final Logger LOG = LoggerFactory.getLogger(Upsd.class);
    /** upsd's lines are short; a longer one is not a NUT client talking. */
    private static final int MAX_LINE = 1024;
    /** What every UPS reports besides its sensors' variables. */
    private static final Map<String, String> IDENTITY = Map.of("device.type", "ups", "ups.mfr", "Jaga", "ups.model", "Simulated UPS");

    private final World world;
    private final Map<String, Map<String, Sensor>> upses;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "upsd");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    /** {@code upses}: UPS name, then variable, then the sensor whose world value it reports. */
    Upsd(World world, Map<String, Map<String, Sensor>> upses) {
        this.world = world;
        this.upses = Map.copyOf(upses);
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback for the simulated upsd", e);
        }
        connections.execute(this::accept);
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("simulated upsd: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = client.getOutputStream();
            Session session = new Session();
            for (String line = in.readLine(); line != null && line.length() <= MAX_LINE; line = in.readLine()) {
                out.write(session.answer(line).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (session.loggedOut) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to tell it
        } finally {
            clients.remove(client);
        }
    }

    /** One client's connection: its account, and the answers to its commands. */
    final class Session {
        private String username;
        private String password;
        private String loggedInTo;
        private boolean loggedOut;

        /** The answer to one command line, each line ending in a newline. */
        String answer(String line) {
            List<String> words;
            try {
                words = words(line);
            } catch (IllegalArgumentException e) {
                return "ERR INVALID-ARGUMENT\n";
            }
            String command = words.isEmpty() ? "" : words.get(0);
            List<String> args = words.subList(Math.min(1, words.size()), words.size());
            return switch (command) {
                case "VER" -> VERSION + "\n";
                case "NETVER" -> NETVER + "\n";
                case "STARTTLS" -> "ERR FEATURE-NOT-CONFIGURED\n";
                case "USERNAME" -> args.size() != 1 ? "ERR INVALID-ARGUMENT\n"
                        : username != null ? "ERR ALREADY-SET-USERNAME\n" : set(() -> username = args.get(0));
                case "PASSWORD" -> args.size() != 1 ? "ERR INVALID-ARGUMENT\n"
                        : password != null ? "ERR ALREADY-SET-PASSWORD\n" : set(() -> password = args.get(0));
                case "LOGIN" -> login(args);
                case "LOGOUT" -> {
                    loggedOut = true;
                    yield "OK Goodbye\n";
                }
                case "LIST" -> list(args);
                case "GET" -> get(args);
                default -> "ERR UNKNOWN-COMMAND\n";
            };
        }

        private String set(Runnable setting) {
            setting.run();
            return "OK\n";
        }

        private String login(List<String> args) {
            if (args.size() != 1) {
                return "ERR INVALID-ARGUMENT\n";
            }
            if (loggedInTo != null) {
                return "ERR ALREADY-LOGGED-IN\n";
            }
            if (username == null) {
                return "ERR USERNAME-REQUIRED\n";
            }
            if (password == null) {
                return "ERR PASSWORD-REQUIRED\n";
            }
            if (!upses.containsKey(args.get(0))) {
                return "ERR UNKNOWN-UPS\n";
            }
            loggedInTo = args.get(0);
            return "OK\n";
        }

        private String list(List<String> args) {
            if (args.equals(List.of("UPS"))) {
                StringBuilder answer = new StringBuilder("BEGIN LIST UPS\n");
                new TreeMap<>(upses).keySet().forEach(ups -> answer.append("UPS ").append(ups).append(" \"Simulated UPS\"\n"));
                return answer.append("END LIST UPS\n").toString();
            }
            if (args.size() != 2 || !args.get(0).equals("VAR")) {
                return "ERR INVALID-ARGUMENT\n";
            }
            String ups = args.get(1);
            Map<String, String> vars = new TreeMap<>();
            String refused = vars(ups, vars);
            if (refused != null) {
                return refused;
            }
            StringBuilder answer = new StringBuilder("BEGIN LIST VAR " + ups + "\n");
            vars.forEach((name, value) -> answer.append("VAR ").append(ups).append(' ').append(name).append(' ')
                    .append(quote(value)).append('\n'));
            return answer.append("END LIST VAR ").append(ups).append('\n').toString();
        }

        private String get(List<String> args) {
            if (args.size() != 3 || !args.get(0).equals("VAR")) {
                return "ERR INVALID-ARGUMENT\n";
            }
            Map<String, String> vars = new TreeMap<>();
            String refused = vars(args.get(1), vars);
            if (refused != null) {
                return refused;
            }
            String value = vars.get(args.get(2));
            return value == null ? "ERR VAR-NOT-SUPPORTED\n"
                    : "VAR " + args.get(1) + " " + args.get(2) + " " + quote(value) + "\n";
        }
    }

    /** Fills {@code vars} with what the UPS reports now; or says why it cannot, as an ERR line. */
    private String vars(String ups, Map<String, String> vars) {
        Map<String, Sensor> sensors = upses.get(ups);
        if (sensors == null) {
            return "ERR UNKNOWN-UPS\n";
        }
        vars.putAll(IDENTITY);
        for (var entry : sensors.entrySet()) {
            Quality fault = world.fault(entry.getValue());
            if (fault == Quality.STALE) {
                return "ERR DATA-STALE\n";
            }
            if (fault == null) {
                vars.put(entry.getKey(), world.text(entry.getValue()));
            }
        }
        return null;
    }

    /** A value as upsd sends it: always in quotes, with {@code "} and {@code \} escaped. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A command line split as upsd splits it: spaces separate, quotes group, a backslash escapes the next character. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if ((c == ' ' || c == '\t' || c == '\r') && !quoted) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        clients.forEach(client -> {
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
        connections.shutdownNow();
    }
}
