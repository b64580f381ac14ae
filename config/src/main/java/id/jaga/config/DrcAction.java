package id.jaga.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of switching to or from a DRC: exactly one of an {@code http} call, a local
 * {@code command} (DNS, GSLB or hypervisor tooling) or an {@code mqtt} publish. Text may hold
 * {@code {{site}}}, {@code {{drc}}}, {@code {{trigger}}} and {@code {{key}}} (the idempotency key
 * of this attempt); header values and bodies may hold {@code ${file:/path}} or {@code ${env:NAME}}
 * for secrets, resolved only when the action runs and never logged.
 */
public record DrcAction(Http http, Command command, Mqtt mqtt) {

    /** {@code expectStatus}: absent, any 2xx. Retried {@code retries} times (default 2) with backoff. */
    public record Http(String method, String url, Map<String, String> headers, String body, Integer expectStatus,
                       Integer retries, Duration timeout) {
        public Http {
            method = method == null ? "POST" : method;
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            retries = retries == null ? 2 : retries;
            timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        }
    }

    /** A program and its arguments (no shell); exit code 0 is success. */
    public record Command(List<String> run, Duration timeout) {
        public Command {
            run = Lists.of(run);
            timeout = timeout == null ? Duration.ofMinutes(2) : timeout;
        }
    }

    public record Mqtt(String topic, String payload, Boolean retained) {
        public Mqtt {
            retained = retained != null && retained;
        }
    }

    /** What it does, for logs and the history: never a resolved secret. */
    public String describe() {
        if (http != null) {
            return "HTTP " + http.method() + " " + http.url();
        }
        if (command != null) {
            return "command " + String.join(" ", command.run());
        }
        return mqtt == null ? "nothing" : "MQTT publish to " + mqtt.topic();
    }
}
