package id.jaga.controller.failover;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.config.DrcAction;
import id.jaga.sensors.mqtt.MqttLink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one step of a failover or failback: an HTTP call, a local command or an MQTT
 * publish, with {@code {{site}}}, {@code {{drc}}}, {@code {{trigger}}} and {@code {{key}}} filled in
 * and secrets ({@code ${file:...}}, {@code ${env:...}}) resolved only here, never logged. Every call
 * carries the attempt's idempotency key, so a step repeated after a restart can be recognised by the
 * receiver. In a drill each step only says what it would do.
 * <p>
 * A value is written into its text as that text needs it, in one pass (a value is never read again
 * for placeholders): in a JSON body or payload as the content of a JSON string, in a form body
 * URL-encoded, in a URL percent-encoded, in a header, a plain-text body or a command's argument as
 * it is (a command is run without a shell, each argument one argument). A command's output is read
 * while it runs, so a chatty tool never stalls on a full pipe; its first and last
 * {@link Output#KEEP_EACH} bytes are kept for the log and the step's record.
 */
final class ActionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
    /** A template value or a secret, in one pattern so that a filled-in value is never scanned again. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(site|drc|trigger|key)}}|\\$\\{(file|env):([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the rest of a finished command's output may take to arrive (a child it left may hold the pipe). */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private final MqttLink mqtt;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ActionRunner(MqttLink mqtt) {
        this.mqtt = mqtt;
    }

    /** What the templates may use. */
    record Context(String site, String drc, String trigger, String key, boolean dryRun) {
        String value(String name) {
            return switch (name) {
                case "site" -> site;
                case "drc" -> drc;
                case "trigger" -> trigger == null ? "" : trigger;
                default -> key;
            };
        }
    }

    /** How a value is written into the text around it. */
    enum Escape {
        /** The content of a JSON string: quotes, backslashes and control characters escaped. */
        JSON {
            @Override
            String apply(String value) {
                return new String(JsonStringEncoder.getInstance().quoteAsString(value));
            }
        },
        /** A value of an {@code application/x-www-form-urlencoded} body. */
        FORM {
            @Override
            String apply(String value) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8);
            }
        },
        /** Part of a URL's path or query: everything but RFC 3986's unreserved characters percent-encoded. */
        URL {
            @Override
            String apply(String value) {
                StringBuilder out = new StringBuilder();
                for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                    char c = (char) (b & 0xff);
                    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                            || c == '~') {
                        out.append(c);
                    } else {
                        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                                .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                    }
                }
                return out.toString();
            }
        },
        /** One level of an MQTT topic: a value that would add a level or a wildcard is refused. */
        TOPIC {
            @Override
            String apply(String value) {
                if (value.contains("/") || value.contains("+") || value.contains("#") || value.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("a value holding '/', '+', '#' or NUL cannot go into an MQTT topic");
                }
                return value;
            }
        },
        /** As it is: a header, a plain-text body, a command's argument. */
        NONE {
            @Override
            String apply(String value) {
                return value;
            }
        };

        abstract String apply(String value);
    }

    /** A step that failed: why, and what its command wrote (or null). */
    static final class StepFailedException extends Exception {
        private final String output;

        StepFailedException(String message, String output, Throwable cause) {
            super(message, cause);
            this.output = output;
        }

        String output() {
            return output;
        }
    }

    /**
     * Runs the step; an exception's message says why it failed. Returns what a command wrote (its
     * first and last few KiB, secrets blanked out), or null for other steps and in a drill.
     */
    String run(DrcAction action, Context ctx) throws Exception {
        if (ctx.dryRun()) {
            LOG.info("drill: would run {} for {} (attempt {})", action.describe(), ctx.drc(), ctx.key());
            return null;
        }
        Filler filler = new Filler(ctx);
        if (action.http() != null) {
            http(action.http(), filler);
            return null;
        }
        if (action.command() != null) {
            return command(action.command(), filler);
        }
        String payload = action.mqtt().payload() == null ? "" : action.mqtt().payload();
        mqtt.publishAndWait(filler.fill(action.mqtt().topic(), Escape.TOPIC),
                filler.fill(payload, isJson(payload) ? Escape.JSON : Escape.NONE).getBytes(StandardCharsets.UTF_8),
                1, action.mqtt().retained(), 10_000);
        return null;
    }

    /** Fills in one step's texts, remembering the secrets it resolved so that its output can be cleaned of them. */
    static final class Filler {
        private final Context ctx;
        private final Set<String> secrets = new HashSet<>();

        Filler(Context ctx) {
            this.ctx = ctx;
        }

        String fill(String template, Escape escape) {
            if (template == null) {
                return null;
            }
            Matcher m = PLACEHOLDER.matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = m.group(1) != null ? ctx.value(m.group(1)) : secret(m.group(2), m.group(3));
                m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
            }
            m.appendTail(out);
            return out.toString();
        }

        private String secret(String kind, String name) {
            String value;
            if (kind.equals("env")) {
                value = System.getenv(name);
                if (value == null) {
                    throw new IllegalStateException("environment variable " + name + " is not set");
                }
            } else {
                try {
                    value = Files.readString(Path.of(name), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read secret file " + name);
                }
            }
            secrets.add(value);
            return value;
        }

        /** The text with every secret of at least four characters this step resolved replaced by {@code ***}. */
        String clean(String text) {
            String cleaned = text;
            for (String secret : secrets) {
                if (secret.length() >= 4) {
                    cleaned = cleaned.replace(secret, "***");
                }
            }
            return cleaned;
        }
    }

    /**
     * Whether a body or payload template is JSON: it parses as an object or array once each
     * placeholder is replaced by a plain word (placeholders belong inside JSON strings).
     */
    static boolean isJson(String template) {
        String probe = PLACEHOLDER.matcher(template).replaceAll("x").strip();
        if (!probe.startsWith("{") && !probe.startsWith("[")) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(probe);
            return node != null && node.isContainerNode();
        } catch (IOException e) {
            return false;
        }
    }

    /** The escaping a body of this content type needs: JSON for JSON types, URL-encoding for forms, none for the rest. */
    static Escape bodyEscape(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json")) {
            return Escape.JSON;
        }
        return type.equals("application/x-www-form-urlencoded") ? Escape.FORM : Escape.NONE;
    }

    private void http(DrcAction.Http h, Filler filler) throws Exception {
        String contentType = h.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        boolean hasBody = h.body() != null && !h.body().isEmpty();
        String type = contentType != null ? contentType : "application/json"; // a body is JSON unless a header says otherwise
        String body = hasBody ? filler.fill(h.body(), bodyEscape(type)) : "";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(filler.fill(h.url(), Escape.URL)))
                .timeout(h.timeout())
                .header("Idempotency-Key", filler.ctx.key())
                .method(h.method(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (hasBody && contentType == null) {
            request.header("Content-Type", type);
        }
        for (Map.Entry<String, String> header : h.headers().entrySet()) {
            request.header(header.getKey(), filler.fill(header.getValue(), Escape.NONE));
        }
        Exception last = null;
        long backoff = 500;
        for (int attempt = 0; attempt <= h.retries(); attempt++) {
            if (attempt > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                backoff *= 2;
            }
            try {
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                boolean ok = h.expectStatus() == null ? status / 100 == 2 : status == h.expectStatus();
                if (ok) {
                    return;
                }
                last = new IllegalStateException("HTTP " + status + " from " + h.method() + " " + h.url());
            } catch (IOException e) {
                last = new IOException(h.method() + " " + h.url() + ": " + e.getMessage(), e);
            }
        }
        throw last;
    }

    private String command(DrcAction.Command c, Filler filler) throws Exception {
        List<String> args = new ArrayList<>();
        c.run().forEach(a -> args.add(filler.fill(a, Escape.NONE)));
        String program = c.run().get(0);
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true); // no shell: each argument is one argument
        pb.environment().put("JAGA_IDEMPOTENCY_KEY", filler.ctx.key());
        Process p = pb.start();
        p.getOutputStream().close();
        Output output = new Output();
        Thread reader = new Thread(() -> output.drain(p.getInputStream()), "drc-step-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished = p.waitFor(c.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            List<ProcessHandle> children = p.descendants().toList(); // before the parent goes and they are adopted
            children.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(OUTPUT_GRACE.toMillis()); // a child left running may hold the pipe: what arrived is enough
        String text = filler.clean(output.text());
        if (output.total() > 0) {
            LOG.info("{} wrote {} bytes{}:\n{}", program, output.total(),
                    output.total() > text.length() ? " (first and last " + Output.KEEP_EACH / 1024 + " KiB kept)" : "", text);
        }
        if (!finished) {
            throw new StepFailedException(program + " did not finish within " + c.timeout().toSeconds() + " s", text, null);
        }
        if (p.exitValue() != 0) {
            String lastLine = text.strip().lines().reduce((a, b) -> b).orElse("");
            throw new StepFailedException(program + " exited with " + p.exitValue() + (lastLine.isEmpty() ? "" : ": " + lastLine),
                    text, null);
        }
        return text;
    }

    /** A command's output as it arrives: the first and the last {@link #KEEP_EACH} bytes are kept, the middle counted. */
    static final class Output {
        static final int KEEP_EACH = 4096;
        private final byte[] head = new byte[KEEP_EACH];
        private final byte[] tail = new byte[KEEP_EACH];
        private int headLength;
        /** Bytes after the head: the tail holds the last min(afterHead, KEEP_EACH), ending at tailEnd. */
        private long afterHead;
        private int tailEnd;

        void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the process is gone (killed after its timeout): what was read is kept
            }
        }

        synchronized void write(byte[] bytes, int offset, int length) {
            int toHead = Math.min(length, KEEP_EACH - headLength);
            System.arraycopy(bytes, offset, head, headLength, toHead);
            headLength += toHead;
            for (int i = offset + toHead; i < offset + length; i++) {
                tail[tailEnd] = bytes[i];
                tailEnd = (tailEnd + 1) % KEEP_EACH;
            }
            afterHead += length - toHead;
        }

        synchronized long total() {
            return headLength + afterHead;
        }

        /** The output as text; what was left out in the middle is said, with how much it was. */
        synchronized String text() {
            String first = new String(head, 0, headLength, StandardCharsets.UTF_8);
            if (afterHead <= KEEP_EACH) {
                return first + new String(tail, 0, (int) afterHead, StandardCharsets.UTF_8);
            }
            byte[] last = new byte[KEEP_EACH];
            System.arraycopy(tail, tailEnd, last, 0, KEEP_EACH - tailEnd);
            System.arraycopy(tail, 0, last, KEEP_EACH - tailEnd, tailEnd);
            return first + "\n[... " + (afterHead - KEEP_EACH) + " bytes left out ...]\n" + new String(last, StandardCharsets.UTF_8);
        }
    }
}
