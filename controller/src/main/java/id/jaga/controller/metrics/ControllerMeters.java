package id.jaga.controller.metrics;

import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import id.jaga.controller.broker.OrderedPublisher;
import id.jaga.controller.failover.Failover;
import id.jaga.controller.notify.Channel;
import id.jaga.controller.notify.Notifications;
import id.jaga.controller.presence.Presence;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The meters read off the controller's parts when scraped, beside those the parts count themselves
 * (ingest, rejections, rule evaluation): agents' silence, the failover state, notification
 * channels and the NOC publisher's queue. Every name is listed in docs/api.md.
 */
public final class ControllerMeters {
    private ControllerMeters() {
    }

    public static void bind(MeterRegistry registry, SiteConfig site, Clock clock, Presence presence, Failover failover,
                            Notifications notifications, OrderedPublisher toNoc) {
        for (Agent agent : site.agents()) {
            Gauge.builder("jaga.agent.last.seen.age", presence, p -> secondsSince(p, agent.id(), clock))
                    .description("seconds since the agent was last heard from (NaN before its first message)")
                    .baseUnit("seconds").tag("agent", agent.id()).register(registry);
            Gauge.builder("jaga.agent.online", presence, p -> p.isOnline(agent.id()) ? 1 : 0)
                    .description("1 while the agent is online").tag("agent", agent.id()).register(registry);
        }
        for (Failover.State state : Failover.State.values()) {
            // One series per state, 1 for the current one: alert on jaga_failover_state{state="FAILED"} == 1.
            Gauge.builder("jaga.failover.state", failover, f -> f.state().state().equals(state.name()) ? 1 : 0)
                    .description("1 for the failover state the controller is in, 0 for the others")
                    .tag("state", state.name()).register(registry);
        }
        for (String channel : notifications.statuses().keySet()) {
            channelCounter(registry, "jaga.notify.failures", "failed delivery attempts", notifications, channel,
                    Channel.Status::failedAttempts);
            channelCounter(registry, "jaga.notify.dropped", "notices dropped from a full queue", notifications, channel,
                    Channel.Status::dropped);
            channelCounter(registry, "jaga.notify.delivered", "notices delivered", notifications, channel,
                    Channel.Status::delivered);
            Gauge.builder("jaga.notify.pending", notifications, n -> n.statuses().get(channel).pending())
                    .description("notices waiting to be delivered").tag("channel", channel).register(registry);
        }
        Gauge.builder("jaga.noc.publish.pending", toNoc, OrderedPublisher::pending)
                .description("messages to the NOC topics not yet acknowledged by the broker").register(registry);
    }

    private static void channelCounter(MeterRegistry registry, String name, String description, Notifications notifications,
                                       String channel, ToDoubleFunction<Channel.Status> value) {
        FunctionCounter.builder(name, notifications, n -> value.applyAsDouble(n.statuses().get(channel)))
                .description(description).tag("channel", channel).register(registry);
    }

    private static double secondsSince(Presence presence, String agent, Clock clock) {
        Presence.Entry e = presence.snapshot().get(agent);
        return e == null || e.lastSeen() == null ? Double.NaN
                : Duration.between(e.lastSeen(), clock.instant()).toMillis() / 1000.0;
    }
}
