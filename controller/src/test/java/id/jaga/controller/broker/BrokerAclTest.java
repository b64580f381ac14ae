package id.jaga.controller.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.auth.AgentKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules themselves, the logins' errors and the password hashes, without a broker. */
class BrokerAclTest {
    @TempDir
    Path dir;

    private SiteConfig site(String broker) {
        return new SiteLoader().parse("acl.yaml", """
                site: {id: dc}
                broker: %s
                rooms: [{id: room}]
                agents: [{id: pi-a, room: room}, {id: pi-b, room: room}]
                racks: [{id: rack, room: room, sensors: [{id: t, kind: temperature, agent: pi-a, driver: {type: simulated}}]}]
                drcSites:
                  - id: drc-1
                    location: A
                    priority: 1
                    probe: {tcp: "127.0.0.1:1"}
                    failover: [{mqtt: {topic: "pdn/{{site}}/drc/{{drc}}/requests/{{key}}", payload: "{}"}}]
                    failback: [{mqtt: {topic: pdn/failback, payload: "{}"}}]
                  - id: drc-2
                    location: B
                    priority: 2
                    probe: {tcp: "127.0.0.1:1"}
                    failover: [{command: {run: [/bin/true]}}]
                """.formatted(broker));
    }

    @Test
    void anAgentWritesItsOwnChannelsAndReadsItsOwnCommands() {
        BrokerAcl acl = BrokerAcl.forSite(site("{}"));
        List<BrokerAcl.Grant> a = acl.grants("pi-a");
        for (String channel : List.of("state", "telemetry", "event", "cmd/result")) {
            assertTrue(BrokerAcl.mayPublish(a, "jaga/v1/dc/agent/pi-a/" + channel), channel);
            assertFalse(BrokerAcl.mayPublish(a, "jaga/v1/dc/agent/pi-b/" + channel), channel);
        }
        assertFalse(BrokerAcl.mayPublish(a, "jaga/v1/dc/agent/pi-a/cmd"));
        assertFalse(BrokerAcl.mayPublish(a, "jaga/v1/dc/agent/pi-a/telemetry/more"));
        assertFalse(BrokerAcl.mayPublish(a, "jaga/v1/dc/alarm"));
        assertTrue(BrokerAcl.maySubscribe(a, "jaga/v1/dc/agent/pi-a/cmd"));
        assertTrue(BrokerAcl.maySubscribe(a, "jaga/v1/dc/controller/state"));
        assertFalse(BrokerAcl.maySubscribe(a, "jaga/v1/dc/agent/+/cmd"));
        assertFalse(BrokerAcl.maySubscribe(a, "jaga/v1/dc/agent/pi-a/#"));
    }

    @Test
    void theControllerReadsEveryAgentAndAloneWritesCommandsAndWhatTheNocHears() {
        BrokerAcl acl = BrokerAcl.forSite(site("{}"));
        assertEquals(BrokerAcl.DEFAULT_CONTROLLER_USER, acl.controllerUser());
        List<BrokerAcl.Grant> c = acl.grants(acl.controllerUser());
        assertTrue(BrokerAcl.maySubscribe(c, "jaga/v1/dc/agent/+/telemetry"));
        assertTrue(BrokerAcl.maySubscribe(c, "jaga/v1/dc/agent/pi-a/cmd/result"));
        assertFalse(BrokerAcl.maySubscribe(c, "jaga/v1/dc/agent/#"));
        for (String topic : List.of("alarm", "alarm/active", "failover", "failover/state", "security", "security/checkpoint",
                "controller/state", "agent/pi-a/cmd", "agent/pi-b/access")) {
            assertTrue(BrokerAcl.mayPublish(c, "jaga/v1/dc/" + topic), topic);
        }
        assertFalse(BrokerAcl.mayPublish(c, "jaga/v1/dc/agent/pi-a/telemetry"), "the controller speaks for no agent");
        assertFalse(BrokerAcl.mayPublish(c, "jaga/v1/other/alarm"));
    }

    @Test
    void theFailoverStepsTopicsAreTheControllersWithTheirVaryingLevelsOpen() {
        assertEquals(Set.of("pdn/dc/drc/drc-1/requests/+", "pdn/failback"), BrokerAcl.failoverStepTopics(site("{}")));
        List<BrokerAcl.Grant> c = BrokerAcl.forSite(site("{}")).grants(BrokerAcl.DEFAULT_CONTROLLER_USER);
        assertTrue(BrokerAcl.mayPublish(c, "pdn/dc/drc/drc-1/requests/7f3a"));
        assertFalse(BrokerAcl.mayPublish(BrokerAcl.forSite(site("{}")).grants("pi-a"), "pdn/failback"));
    }

    @Test
    void theNocUserAndNobodyElseReadsTheNocTopicsOnly() {
        BrokerAcl acl = BrokerAcl.forSite(site("{username: ctl, passwordFile: x, nocUsername: noc, nocPasswordFile: y}"));
        assertEquals(List.of("pi-a", "pi-b", "ctl", "noc"), List.copyOf(acl.users()));
        List<BrokerAcl.Grant> noc = acl.grants("noc");
        assertTrue(BrokerAcl.maySubscribe(noc, "jaga/v1/dc/alarm/#"));
        assertTrue(BrokerAcl.maySubscribe(noc, "jaga/v1/dc/alarm"));
        assertTrue(BrokerAcl.maySubscribe(noc, "jaga/v1/dc/security/checkpoint"));
        assertFalse(BrokerAcl.maySubscribe(noc, "jaga/v1/dc/#"));
        assertFalse(BrokerAcl.maySubscribe(noc, "#"));
        assertFalse(BrokerAcl.mayPublish(noc, "jaga/v1/dc/alarm"));
        assertEquals(List.of(), acl.grants("someone"));
        assertEquals(List.of(), acl.grants(null));
    }

    @Test
    void filtersCoverOnlyWhatTheyMatch() {
        assertTrue(BrokerAcl.covers("a/#", "a"));
        assertTrue(BrokerAcl.covers("a/+/c", "a/+/c"));
        assertTrue(BrokerAcl.covers("a/+/c", "a/b/c"));
        assertFalse(BrokerAcl.covers("a/b/c", "a/+/c"));
        assertFalse(BrokerAcl.covers("a/+", "a/#"));
        assertFalse(BrokerAcl.covers("a/+", "a/b/c"));
        assertFalse(BrokerAcl.covers("#", "$SYS/broker"));
        assertFalse(BrokerAcl.covers("a/#", "$share/g/a/b"));
    }

    @Test
    void aMissingKeyOrPasswordFileIsNamedWithItsSetting() throws Exception {
        SiteConfig noKeys = site("{}");
        BrokerLogins.LoginException e = assertThrows(BrokerLogins.LoginException.class, () -> BrokerLogins.forSite(noKeys, null));
        assertTrue(e.getMessage().startsWith("agents[0].keyFile: not set for agent pi-a"), e.getMessage());

        SiteConfig keyed = AgentKeys.provision(site("{username: ctl, passwordFile: \"" + dir.resolve("missing.password") + "\"}"),
                dir.resolve("keys"));
        e = assertThrows(BrokerLogins.LoginException.class, () -> BrokerLogins.forSite(keyed, null));
        assertEquals("broker.passwordFile: " + dir.resolve("missing.password") + " does not exist", e.getMessage());

        Files.delete(dir.resolve("keys/pi-b.keys"));
        e = assertThrows(BrokerLogins.LoginException.class, () -> BrokerLogins.forSite(keyed, null));
        assertTrue(e.getMessage().startsWith("agents[1].keyFile: " + dir.resolve("keys/pi-b.keys") + ": key file does not exist"),
                e.getMessage());
    }

    @Test
    void theControllersPasswordIsTheFilesOrElseTheOneGiven() throws Exception {
        SiteConfig embedded = AgentKeys.provision(site("{}"), dir.resolve("keys"));
        BrokerLogins logins = BrokerLogins.forSite(embedded, "made-at-start".getBytes(StandardCharsets.US_ASCII));
        assertTrue(logins.accepts(BrokerAcl.DEFAULT_CONTROLLER_USER, "made-at-start".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(logins.accepts(BrokerAcl.DEFAULT_CONTROLLER_USER, "made-at-star".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(logins.accepts("nobody", "made-at-start".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(logins.toString().contains("made-at-start"));
    }

    /** The vector mosquitto_passwd 2.0.11 wrote for password "secret": the same salt gives the same line. */
    @Test
    void passwordsAreHashedAsMosquittoPasswdHashesThem() {
        byte[] salt = Base64.getDecoder().decode("3WYSRtLg6LHGSjFr");
        assertEquals("$7$101$3WYSRtLg6LHGSjFr$62Nx39bmqtTAU4I5tiGy5fLTZ4RPh1RqwxSjYHEu3bvr4hI4dSc60yQ0d23SISFGGiXnD4b3+/cLQF/QrH8EIA==",
                MosquittoPasswords.hash("secret".getBytes(StandardCharsets.UTF_8), salt, 101));
        assertFalse(MosquittoPasswords.hash("secret".getBytes(StandardCharsets.UTF_8))
                .equals(MosquittoPasswords.hash("secret".getBytes(StandardCharsets.UTF_8))), "a fresh salt each time");
    }
}
