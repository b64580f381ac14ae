package id.jaga.simulator.scenario;

import id.jaga.config.Agent;
import id.jaga.config.Sensor;
import id.jaga.config.SiteConfig;
import id.jaga.controller.access.AccessControl;
import java.time.Duration;
import java.util.List;

/**
 * A site's timing under a clock that runs {@code speed} times faster than the wall. The controller
 * keeps the site as written (its timeouts are measured on the shared clock, its timers follow the
 * clock's pace). The agents get their poll and publish intervals divided by the speed, because
 * they schedule on the wall clock: then a 10 s poll is still a poll every 10 s of scenario time,
 * and heartbeats arrive as often as {@code offlineAfter} expects. It also says how far behind the
 * clock an agent may fall, and what stays in wall time.
 */
final class SiteAtSpeed {
    /** The shortest wall-clock interval an agent is given; the CPU is real. */
    static final Duration SHORTEST = Duration.ofMillis(5);

    private SiteAtSpeed() {
    }

    static SiteConfig forAgents(SiteConfig site, double speed) {
        List<Agent> agents = site.agents().stream().map(a -> new Agent(a.id(), a.room(), wall(a.publishInterval(), speed),
                a.queueMaxMegabytes(), a.queueMaxAge(), a.commandKeyFile(), a.keyFile(), a.outputs(), a.failsafe(), a.offlineAfter(),
                a.readers())).toList();
        return site.withAgents(agents).withSensors(s -> new Sensor(s.id(), s.kind(), s.unit(), s.agent(), s.driver(),
                wall(s.pollInterval(), speed), s.thresholds(), s.staleAfter(), s.bounds()));
    }

    /**
     * How far an agent's newest telemetry may lag behind the clock before the clock waits for it:
     * its publish interval, and half of it for transit, within half the slack its {@code offlineAfter}
     * leaves beyond a heartbeat (the default leaves 5 s).
     */
    static Duration lagAllowed(Agent agent) {
        Duration slack = agent.offlineAfter().minus(agent.publishInterval()).dividedBy(2);
        Duration transit = agent.publishInterval().dividedBy(2);
        return agent.publishInterval().plus(transit.compareTo(slack) < 0 ? transit : slack);
    }

    /**
     * What stays in wall time whatever the speed: a badge waits 3 s on the agent for the
     * controller, which answers only within {@code AGENT_WAITS} of the clock. Faster than that,
     * the agent's offline policy decides instead of the rules.
     */
    static List<String> warnings(Scenario scenario) {
        long wallMillis = Math.round(AccessControl.AGENT_WAITS.toMillis() / scenario.speed());
        if (scenario.steps().stream().noneMatch(s -> s.action() instanceof Action.Badge) || wallMillis >= 500) {
            return List.of();
        }
        return List.of("at speed " + Speeds.format(scenario.speed()) + " the controller has " + wallMillis + " ms of wall time"
                + " to decide a badge before the agent's offline policy does; run badge scenarios at speed "
                + AccessControl.AGENT_WAITS.toMillis() / 500 + " or less");
    }

    private static Duration wall(Duration scenarioTime, double speed) {
        Duration d = Duration.ofNanos((long) (scenarioTime.toNanos() / speed));
        return d.compareTo(SHORTEST) < 0 ? SHORTEST : d;
    }
}
