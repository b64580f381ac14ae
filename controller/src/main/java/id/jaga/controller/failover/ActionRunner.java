package id.jaga.controller.failover;

import id.jaga.config.DrcAction;
import id.jaga.sensors.mqtt.MqttLink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
final class ActionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
    private static final Pattern SECRET = Pattern.compile("\\$\\{(file|env):([^}]+)}");

    private final MqttLink mqtt;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ActionRunner(MqttLink mqtt) {
        this.mqtt = mqtt;
    }

    /** What the templates may use. */
    record Context(String site, String drc, String trigger, String key, boolean dryRun) {
        String fill(String template) {
            return template == null ? null : template.replace("{{site}}", site).replace("{{drc}}", drc)
                    .replace("{{trigger}}", trigger == null ? "" : trigger).replace("{{key}}", key);
        }
    }

    /** Runs the step; an exception's message says why it failed. */
    void run(DrcAction action, Context ctx) throws Exception {
        if (ctx.dryRun()) {
            LOG.info("drill: would run {} for {} (attempt {})", action.describe(), ctx.drc(), ctx.key());
            return;
        }
        if (action.http() != null) {
            http(action.http(), ctx);
        } else if (action.command() != null) {
            command(action.command(), ctx);
        } else {
            mqtt.publishAndWait(ctx.fill(action.mqtt().topic()),
                    secrets(ctx.fill(action.mqtt().payload() == null ? "" : action.mqtt().payload())).getBytes(StandardCharsets.UTF_8),
                    1, action.mqtt().retained(), 10_000);
        }
    }

    private void http(DrcAction.Http h, Context ctx) throws Exception {
        String body = h.body() == null ? "" : secrets(ctx.fill(h.body()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ctx.fill(h.url())))
                .timeout(h.timeout())
                .header("Idempotency-Key", ctx.key())
                .method(h.method(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        for (Map.Entry<String, String> header : h.headers().entrySet()) {
            request.header(header.getKey(), secrets(ctx.fill(header.getValue())));
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

    private void command(DrcAction.Command c, Context ctx) throws Exception {
        List<String> args = new ArrayList<>();
        c.run().forEach(a -> args.add(secrets(ctx.fill(a))));
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
        pb.environment().put("JAGA_IDEMPOTENCY_KEY", ctx.key());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(c.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(c.run().get(0) + " did not finish within " + c.timeout().toSeconds() + " s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IllegalStateException(c.run().get(0) + " exited with " + p.exitValue()
                    + (output.isEmpty() ? "" : ": " + output.lines().reduce((a, b) -> b).orElse("")));
        }
    }

    /** Replaces {@code ${file:/path}} with the file's first line and {@code ${env:NAME}} with the variable. */
    static String secrets(String text) {
        Matcher m = SECRET.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1).equals("env")) {
                value = System.getenv(m.group(2));
                if (value == null) {
                    throw new IllegalStateException("environment variable " + m.group(2) + " is not set");
                }
            } else {
                try {
                    value = Files.readString(Path.of(m.group(2)), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read secret file " + m.group(2));
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
