package id.jaga.sensors.driver.nut;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A client for the Network UPS Tools network protocol, as upsd speaks it on TCP 3493: one line
 * per command, one line (or a BEGIN ... END block) per answer, {@code ERR <CODE>} on failure.
 * The connection is opened on first use; after it is lost (I/O error, timeout, garbled answer)
 * the next command opens a new one, logging in again. One caller at a time.
 */
public final class NutClient implements AutoCloseable {
    public static final int DEFAULT_PORT = 3493;
    /** upsd's lines are short; a longer one means the peer is not upsd, so we stop reading. */
    static final int MAX_LINE = 8192;
    /** Arguments that need no quoting; anything else is sent quoted and escaped, as upsd parses it. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:@/+=-]+");

    private final String host;
    private final int port;
    private final int timeoutMs;
    private final Login login;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long commands;

    /** {@code login} may be null: reading variables needs no account. */
    public NutClient(String host, int port, Duration timeout, Login login) {
        this.host = host;
        this.port = port;
        this.timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.login = login;
    }

    /**
     * An upsd account. LOGIN registers this client as a user of that UPS, as upsmon does; upsd
     * checks the password only then, and only grants it to users with {@code upsmon} in upsd.users.
     */
    public record Login(String username, String password, String ups) {
        public Login {
            for (String s : new String[] {username, password, ups}) {
                if (s == null || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("username, password and ups must be set and hold no line break");
                }
            }
        }

        @Override
        public String toString() {
            return "Login[" + username + " for " + ups + "]"; // never the password
        }
    }

    /** {@code LIST VAR <ups>}: every variable of the UPS with its value, in upsd's order. */
    public Map<String, String> listVars(String ups) throws IOException, NutException {
        List<String> begin = request("LIST VAR " + ups, "LIST", "VAR", ups);
        expect(begin, List.of("BEGIN", "LIST", "VAR", ups));
        try {
            Map<String, String> vars = new LinkedHashMap<>();
            List<String> end = List.of("END", "LIST", "VAR", ups);
            for (List<String> line = tokens(readLine()); !line.equals(end); line = tokens(readLine())) {
                if (line.size() != 4 || !line.get(0).equals("VAR") || !line.get(1).equals(ups)) {
                    throw garbled(line);
                }
                vars.put(line.get(2), line.get(3));
            }
            return vars;
        } catch (IOException | RuntimeException e) {
            disconnect(); // the rest of the list would be read as the next answer
            throw e;
        }
    }

    /** {@code GET VAR <ups> <var>}: one variable's value. */
    public String getVar(String ups, String var) throws IOException, NutException {
        List<String> answer = request("GET VAR " + ups + " " + var, "GET", "VAR", ups, var);
        if (answer.size() != 4 || !answer.subList(0, 3).equals(List.of("VAR", ups, var))) {
            throw garbled(answer);
        }
        return answer.get(3);
    }

    /** Commands sent so far, each one round trip; lets tests see what a poll round cost. */
    long commands() {
        return commands;
    }

    boolean isConnected() {
        return socket != null;
    }

    /** Says LOGOUT (so upsd's login count drops at once) and closes; a later command reconnects. */
    @Override
    public void close() {
        if (socket != null) {
            try {
                send("LOGOUT");
            } catch (IOException e) {
                // closing anyway
            }
            disconnect();
        }
    }

    /** Sends one command and returns its answer line, tokenised; ERR becomes a NutException. */
    private List<String> request(String what, String... words) throws IOException, NutException {
        try {
            if (socket == null) {
                connect();
            }
            send(words);
            List<String> answer = tokens(readLine());
            if (!answer.isEmpty() && answer.get(0).equals("ERR")) {
                // The answer was read in full, so the connection stays usable.
                throw new NutException(answer.size() > 1 ? answer.get(1) : "UNKNOWN", what);
            }
            return answer;
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    private void connect() throws IOException, NutException {
        Socket s = new Socket();
        socket = s;
        s.connect(new InetSocketAddress(host, port), timeoutMs);
        s.setSoTimeout(timeoutMs);
        s.setTcpNoDelay(true);
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
        if (login != null) {
            try {
                expectOk(request("USERNAME", "USERNAME", login.username()));
                expectOk(request("PASSWORD", "PASSWORD", login.password()));
                expectOk(request("LOGIN " + login.ups(), "LOGIN", login.ups()));
            } catch (NutException e) {
                disconnect(); // a half-logged-in connection must not serve the next command
                throw e;
            }
        }
    }

    private void expectOk(List<String> answer) throws IOException {
        if (answer.isEmpty() || !answer.get(0).equals("OK")) {
            throw garbled(answer);
        }
    }

    private void expect(List<String> answer, List<String> wanted) throws IOException {
        if (!answer.equals(wanted)) {
            throw garbled(answer);
        }
    }

    private IOException garbled(List<String> answer) {
        disconnect(); // out of step with the server: start afresh
        String shown = String.join(" ", answer);
        return new IOException("unexpected answer from upsd: " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown));
    }

    private void send(String... words) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            line.append(line.length() == 0 ? "" : " ").append(quote(w));
        }
        out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        commands++;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("upsd closed the connection");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("answer line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    /** A command argument as upsd reads it: plain words as they are, others quoted with \ escapes. */
    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Splits an answer line into words as upsd writes them: separated by spaces, {@code "..."}
     * groups a value with spaces, a backslash takes the next character literally (so
     * {@code "a \"b\" \\ c"} is {@code a "b" \ c}); {@code ""} is an empty word.
     */
    static List<String> tokens(String line) throws IOException {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                if (++i == line.length()) {
                    throw new IOException("answer ends inside an escape: " + line);
                }
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(i));
            } else if (c == '"') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if ((c == ' ' || c == '\t') && !quoted) {
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
            throw new IOException("answer ends inside quotes: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @Override
    public String toString() {
        return "upsd at " + host + ":" + port;
    }
}
