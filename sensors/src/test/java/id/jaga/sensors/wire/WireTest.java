package id.jaga.sensors.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WireTest {
    private static final Instant T0 = Instant.parse("2025-03-14T02:15:07.250Z");
    private static final Instant T1 = Instant.parse("2025-03-14T02:15:08Z");
    /** A valid reading of rack-1-inlet; tests splice a broken one in its place. */
    private static final String GOOD_READING =
            "{\"sensor\":\"rack-1-inlet\",\"value\":22.4,\"unit\":\"C\",\"quality\":\"good\",\"ts\":\"2025-03-14T02:15:07.250Z\"}";

    private static <T> T roundTrip(T message) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) message.getClass();
        T decoded = Wire.decode(Wire.encode(message), type);
        assertEquals(message, decoded, "decode(encode(m)) must equal m for " + type.getSimpleName());
        return decoded;
    }

    private static String telemetryWith(String readingJson) {
        return "{\"schema\":1,\"agent\":\"pi-row-1\",\"seq\":3017,\"ts\":\"2025-03-14T02:15:08Z\",\"readings\":["
                + readingJson + "]}";
    }

    private static WireException refused(String json, Class<?> type) {
        return assertThrows(WireException.class, () -> Wire.decode(json.getBytes(StandardCharsets.UTF_8), type),
                () -> "expected " + type.getSimpleName() + " to be refused: " + json);
    }

    private static void assertRefused(String reason, String json, Class<?> type) {
        WireException e = refused(json, type);
        assertEquals(reason, e.reason(), () -> "reason for " + json + " (detail: " + e.getMessage() + ")");
    }

    @Nested
    class RoundTrip {
        @Test
        void telemetryWithEveryKindOfReading() {
            Telemetry t = new Telemetry("pi-row-1", 3017, T1, List.of(
                    Reading.good("rack-1-inlet", 22.4, "C", T0),
                    Reading.good("door-main", 0, "open", T0),
                    Reading.goodText("ups-status", "OL CHRG", "tokens", T0),
                    Reading.failed("rack-1-humidity", Quality.STALE, "no answer from sensor", "%RH", T0),
                    Reading.failed("rack-2-inlet", Quality.BAD, "1-wire CRC error", "C", T0)));
            Telemetry back = roundTrip(t);
            assertEquals(Wire.SCHEMA, back.schema());
            assertEquals(5, back.readings().size());
            assertEquals(Quality.STALE, back.readings().get(3).quality());
        }

        @Test
        void telemetryWithAnEmptyBatch() {
            roundTrip(new Telemetry("pi-row-2", 0, T1, List.of()));
        }

        @Test
        void timestampsKeepNanosecondsAndAreWrittenAsIsoUtc() {
            Instant precise = Instant.parse("2025-03-14T02:15:07.123456789Z");
            Telemetry t = new Telemetry("pi-row-1", 1, precise, List.of(Reading.good("rack-1-inlet", 22.4, "C", precise)));
            roundTrip(t);
            assertTrue(Wire.encodeToString(t).contains("\"ts\":\"2025-03-14T02:15:07.123456789Z\""), Wire.encodeToString(t));
        }

        @Test
        void agentBirth() {
            AgentState birth = AgentState.birth("pi-row-2", 4, "0.1.0-SNAPSHOT", List.of(
                    new AgentState.SensorInfo("smoke-2", "smoke", "alarm"),
                    new AgentState.SensorInfo("rack-3-inlet", "temperature", "C")), T0);
            AgentState back = roundTrip(birth);
            assertEquals(AgentState.Status.ONLINE, back.status());
            assertEquals(4L, back.bootSeq());
        }

        @Test
        void agentBirthAnnouncesTheNumbersItsBootSkipped() {
            AgentState birth = AgentState.birth("pi-row-2", 5, "0.1.0", List.of(), T0, new AgentState.Skipped(3412L, 3999L));
            AgentState back = roundTrip(birth);
            assertEquals(new AgentState.Skipped(3412L, 3999L), back.skipped());
            assertTrue(Wire.encodeToString(birth).endsWith(",\"skipped\":{\"from\":3412,\"to\":3999}}"), Wire.encodeToString(birth));
        }

        @Test
        void aSkippedRangeBackwardsOrHalfGivenIsRefused() {
            String backwards = "{\"schema\":1,\"agent\":\"pi\",\"status\":\"online\",\"bootSeq\":2,\"skipped\":{\"from\":9,\"to\":3}}";
            String half = "{\"schema\":1,\"agent\":\"pi\",\"status\":\"online\",\"bootSeq\":2,\"skipped\":{\"from\":9}}";
            String extra = "{\"schema\":1,\"agent\":\"pi\",\"status\":\"online\",\"bootSeq\":2,\"skipped\":{\"from\":1,\"to\":2,\"n\":2}}";
            assertEquals("bad-value", assertThrows(WireException.class, () -> Wire.decode(backwards.getBytes(StandardCharsets.UTF_8),
                    AgentState.class)).reason());
            assertEquals("missing-field", assertThrows(WireException.class, () -> Wire.decode(half.getBytes(StandardCharsets.UTF_8),
                    AgentState.class)).reason());
            assertEquals("unknown-field", assertThrows(WireException.class, () -> Wire.decode(extra.getBytes(StandardCharsets.UTF_8),
                    AgentState.class)).reason());
        }

        @Test
        void agentDeathIsMinimalAndLowerCase() {
            AgentState death = AgentState.death("pi-row-2", 4);
            roundTrip(death);
            assertEquals("{\"schema\":1,\"agent\":\"pi-row-2\",\"status\":\"offline\",\"bootSeq\":4}", Wire.encodeToString(death));
        }

        @Test
        void agentEvent() {
            roundTrip(new AgentEvent(Wire.SCHEMA, "pi-row-1", 3018L, T0, "door-open", "door-main", Map.of("previous", "closed")));
        }

        @Test
        void agentEventWithoutDataDecodesToAnEmptyMap() {
            AgentEvent e = Wire.decode(("{\"schema\":1,\"agent\":\"pi-row-1\",\"seq\":3018,\"ts\":\"2025-03-14T02:15:09Z\","
                    + "\"type\":\"tamper\"}").getBytes(StandardCharsets.UTF_8), AgentEvent.class);
            assertEquals(Map.of(), e.data());
            roundTrip(e);
        }

        @Test
        void command() {
            roundTrip(new Command(Wire.SCHEMA, "cmd-7f3a9c", "pi-row-1", "door-unlock",
                    Map.of("door", "door-main", "seconds", "10"), T0, T0.plusSeconds(30), "MEUCIQDx1b7Qe4l9"));
        }

        @Test
        void commandResult() {
            roundTrip(new CommandResult(Wire.SCHEMA, "cmd-7f3a9c", "pi-row-1", "done", null, T0));
            roundTrip(new CommandResult(Wire.SCHEMA, "cmd-7f3a9c", "pi-row-1", "rejected", "expired", T0));
        }

        @Test
        void alarmEvent() {
            roundTrip(new AlarmEvent(Wire.SCHEMA, "demo", "17", "rack-2-inlet", "temperature-high", "warning", "active",
                    "raised", 28.6, "rack-2-inlet temperature 28.6 C above warning limit 27.0 C", T0, T0, false, null,
                    null, null, null, null, null));
            roundTrip(new AlarmEvent(Wire.SCHEMA, "demo", "21", "smoke-1", "smoke", "critical", "active", "acknowledged",
                    1.0, "smoke detected by smoke-1", T0, T1, true, "budi", true, true, null, "budi", "checked, false alarm"));
            AlarmEvent dewPoint = roundTrip(new AlarmEvent(Wire.SCHEMA, "demo", "22", "rack-1-humidity", "dew-point-high",
                    "major", "active", "raised", 21.0, "C", "rack-1-humidity dew-point 21.0 C above major limit 17.0 C", T0, T0,
                    false, null, null, null, null, null, null));
            assertEquals("C", dewPoint.unit(), "the value's own unit, not the humidity sensor's");
            assertTrue(Wire.encodeToString(dewPoint).contains("\"value\":21.0,\"unit\":\"C\","));
        }

        @Test
        void alarmEventWithoutAcknowledgedIsRefused() {
            assertThrows(WireException.class, () -> Wire.decode(("{\"schema\":1,\"site\":\"demo\",\"alarm\":\"17\","
                    + "\"source\":\"s\",\"type\":\"t\",\"severity\":\"minor\",\"state\":\"active\",\"change\":\"raised\","
                    + "\"ts\":\"2025-03-14T02:20:03.118Z\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), AlarmEvent.class));
        }

        @Test
        void activeAlarms() {
            AlarmEvent a = new AlarmEvent(Wire.SCHEMA, "demo", "18", "rack-3-inlet", "temperature-high", "critical",
                    "active", "active", 32.4, "hot", T0, T1, false, null, null, null, null, null, null);
            AlarmEvent b = new AlarmEvent(Wire.SCHEMA, "demo", "17", "rack-2-inlet", "temperature-high", "warning",
                    "active", "active", null, null, null, T1, true, "budi", null, null, T1, null, null);
            assertEquals(2, roundTrip(new ActiveAlarms(Wire.SCHEMA, "demo", T1, List.of(a, b))).alarms().size());
            assertEquals(List.of(), roundTrip(new ActiveAlarms(Wire.SCHEMA, "demo", T1, List.of())).alarms());
        }

        @Test
        void controllerStateOnlineAndLastWill() {
            roundTrip(new ControllerState(Wire.SCHEMA, "demo", "online", "0.1.0-SNAPSHOT", T0));
            ControllerState will = new ControllerState(Wire.SCHEMA, "demo", "offline", null, null);
            roundTrip(will);
            assertEquals("{\"schema\":1,\"site\":\"demo\",\"status\":\"offline\"}", Wire.encodeToString(will));
        }

        @Test
        void failoverState() {
            roundTrip(new FailoverState(Wire.SCHEMA, "demo", "FAILING_OVER", "AT_RISK", "drc-makassar",
                    "power-exhausted", "operator:budi", T0, "c0ffee", null, null, "ups-runtime = 280.0 s (below 300.0)"));
            roundTrip(new FailoverState(Wire.SCHEMA, "demo", "NORMAL", null, null, null, null, T0, null, null, null, null));
            roundTrip(new FailoverState(Wire.SCHEMA, "demo", "AT_RISK", "NORMAL", null, "cooling-failure", "policy", T0, null,
                    true, T1, "awaiting approval"));
        }

        @Test
        void auditCheckpoint() {
            roundTrip(new AuditCheckpoint(Wire.SCHEMA, "demo", 412L, "9f2c", T0, "c2lnbmF0dXJl", "a2V5"));
        }

        @Test
        void securityEvent() {
            roundTrip(new SecurityEvent(Wire.SCHEMA, "demo", 412L, "door-open", "door-main", "badge:0412",
                    "opened after badge accepted", T0, T1, "9f2c4e1a"));
        }

        @Test
        void absentOptionalFieldsAreLeftOutNotWrittenAsNull() {
            String json = Wire.encodeToString(Reading.failed("rack-2-inlet", Quality.BAD, "1-wire CRC error", "C", T0));
            assertFalse(json.contains("null"), json);
            assertFalse(json.contains("\"value\""), json);
            assertTrue(json.contains("\"quality\":\"bad\""), json);
        }
    }

    @Nested
    class Rejections {
        @Test
        void numbersAndTextAreNotInterchangeable() {
            assertRefused("bad-value", telemetryWith(GOOD_READING.replace("22.4", "\"22.4\"")), Telemetry.class);
            assertRefused("bad-value", telemetryWith(GOOD_READING).replace("3017", "3017.5"), Telemetry.class);
            assertRefused("bad-value", telemetryWith(GOOD_READING.replace("\"rack-1-inlet\"", "5")), Telemetry.class);
        }

        @Test
        void aKeyTwiceIsRefused() {
            assertRefused("not-json", telemetryWith(GOOD_READING).replace("\"seq\":3017", "\"seq\":3017,\"seq\":3018"),
                    Telemetry.class);
        }

        @Test
        void notJson() {
            assertRefused("not-json", "temperature=22.4", Telemetry.class);
        }

        @Test
        void truncatedJsonIsNotJson() {
            String whole = telemetryWith(GOOD_READING);
            assertRefused("not-json", whole.substring(0, whole.length() / 2), Telemetry.class);
        }

        @Test
        void trailingGarbageIsNotJson() {
            // A fixed-size buffer sent whole: the message followed by zero bytes.
            assertRefused("not-json", telemetryWith(GOOD_READING) + "\u0000\u0000\u0000", Telemetry.class);
        }

        @Test
        void commentsAreNotJson() {
            assertRefused("not-json", "// batch\n" + telemetryWith(GOOD_READING), Telemetry.class);
        }

        @Test
        void bareNanIsNotJson() {
            assertRefused("not-json", telemetryWith(GOOD_READING.replace("22.4", "NaN")), Telemetry.class);
        }

        @Test
        void schemaTwo() {
            WireException e = refused(telemetryWith(GOOD_READING).replace("\"schema\":1", "\"schema\":2"), Telemetry.class);
            assertEquals("schema-version", e.reason());
            assertTrue(e.getMessage().contains("2"), e.getMessage());
        }

        @Test
        void schemaTwoIsReportedAsSuchEvenWithFieldsThisVersionLacks() {
            // A newer sender's message may lack fields schema 1 requires: the version is the real cause.
            assertRefused("schema-version", "{\"schema\":2,\"agent\":\"pi-row-1\",\"ts\":\"2025-03-14T02:15:08Z\",\"readings\":[]}",
                    Telemetry.class);
        }

        @Test
        void schemaTwoInsideTheActiveAlarmsSnapshot() {
            assertRefused("schema-version", "{\"schema\":1,\"site\":\"demo\",\"ts\":\"2025-03-14T02:15:08Z\",\"alarms\":["
                    + "{\"schema\":2,\"site\":\"demo\",\"alarm\":\"17\",\"source\":\"rack-2-inlet\",\"type\":\"temperature-high\","
                    + "\"severity\":\"warning\",\"state\":\"active\",\"change\":\"active\",\"ts\":\"2025-03-14T02:15:08Z\"}]}",
                    ActiveAlarms.class);
        }

        @Test
        void missingSchema() {
            WireException e = refused(telemetryWith(GOOD_READING).replace("\"schema\":1,", ""), Telemetry.class);
            assertEquals("missing-field", e.reason());
            assertTrue(e.getMessage().contains("schema"), e.getMessage());
        }

        @Test
        void moreReadingsThanOneMessageMayCarry() {
            String readings = String.join(",", java.util.Collections.nCopies(Telemetry.MAX_READINGS + 1, GOOD_READING));
            WireException e = refused(telemetryWith(readings), Telemetry.class);
            assertEquals("bad-value", e.reason());
            assertTrue(e.getMessage().contains("more than 4096 readings"), e.getMessage());
            assertEquals(Telemetry.MAX_READINGS, Wire.decode(telemetryWith(String.join(",", java.util.Collections.nCopies(
                    Telemetry.MAX_READINGS, GOOD_READING))).getBytes(StandardCharsets.UTF_8), Telemetry.class).readings().size());
        }

        @Test
        void missingSeq() {
            WireException e = refused(telemetryWith(GOOD_READING).replace("\"seq\":3017,", ""), Telemetry.class);
            assertEquals("missing-field", e.reason());
            assertTrue(e.getMessage().contains("'seq'"), e.getMessage());
        }

        @Test
        void nullCountsAsMissing() {
            assertRefused("missing-field", telemetryWith(GOOD_READING).replace("\"seq\":3017", "\"seq\":null"), Telemetry.class);
        }

        @Test
        void missingUnitInAReading() {
            assertRefused("missing-field", telemetryWith(GOOD_READING.replace("\"unit\":\"C\",", "")), Telemetry.class);
        }

        @Test
        void deathWithoutBootSeq() {
            assertRefused("missing-field", "{\"schema\":1,\"agent\":\"pi-row-2\",\"status\":\"offline\"}", AgentState.class);
        }

        @Test
        void unknownTopLevelField() {
            WireException e = refused(telemetryWith(GOOD_READING).replace("\"seq\":3017,", "\"seq\":3017,\"site\":\"demo\","),
                    Telemetry.class);
            assertEquals("unknown-field", e.reason());
            assertTrue(e.getMessage().contains("'site'"), e.getMessage());
        }

        @Test
        void unknownFieldInsideAReading() {
            WireException e = refused(telemetryWith(GOOD_READING.replace("\"unit\":\"C\"", "\"unit\":\"C\",\"battery\":87")),
                    Telemetry.class);
            assertEquals("unknown-field", e.reason());
            assertTrue(e.getMessage().contains("'battery'"), e.getMessage());
        }

        @Test
        void goodReadingWithoutValue() {
            assertRefused("bad-value", telemetryWith(GOOD_READING.replace("\"value\":22.4,", "")), Telemetry.class);
        }

        @Test
        void staleReadingWithValue() {
            assertRefused("bad-value", telemetryWith(GOOD_READING.replace("\"quality\":\"good\"",
                    "\"quality\":\"stale\",\"reason\":\"no answer from sensor\"")), Telemetry.class);
        }

        @Test
        void badReadingWithText() {
            assertRefused("bad-value", telemetryWith("{\"sensor\":\"ups-status\",\"text\":\"OL\",\"unit\":\"tokens\","
                    + "\"quality\":\"bad\",\"reason\":\"NUT server unreachable\",\"ts\":\"2025-03-14T02:15:07Z\"}"), Telemetry.class);
        }

        @Test
        void nonFiniteValue() {
            // 1e999 is valid JSON but overflows a double to Infinity.
            WireException e = refused(telemetryWith(GOOD_READING.replace("22.4", "1e999")), Telemetry.class);
            assertEquals("bad-value", e.reason());
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        }

        @Test
        void nanSpelledAsAString() {
            assertRefused("bad-value", telemetryWith(GOOD_READING.replace("22.4", "\"NaN\"")), Telemetry.class);
        }

        @Test
        void stringWhereANumberBelongs() {
            // A decimal comma from a locale-formatted value.
            WireException e = refused(telemetryWith(GOOD_READING.replace("22.4", "\"22,4\"")), Telemetry.class);
            assertEquals("bad-value", e.reason());
            assertTrue(e.getMessage().contains("readings[0].value"), e.getMessage());
        }

        @Test
        void wordWhereTheSeqBelongs() {
            assertRefused("bad-value", telemetryWith(GOOD_READING).replace("3017", "\"next\""), Telemetry.class);
        }

        @Test
        void negativeSeq() {
            assertRefused("bad-value", telemetryWith(GOOD_READING).replace("3017", "-1"), Telemetry.class);
        }

        @Test
        void unknownQuality() {
            assertRefused("bad-value", telemetryWith(GOOD_READING.replace("\"good\"", "\"ok\"")), Telemetry.class);
        }

        @Test
        void upperCaseStatus() {
            assertRefused("bad-value", "{\"schema\":1,\"agent\":\"pi-row-2\",\"status\":\"OFFLINE\",\"bootSeq\":4}", AgentState.class);
        }

        @Test
        void unparsableTimestamp() {
            assertRefused("bad-value", telemetryWith(GOOD_READING).replace("2025-03-14T02:15:08Z", "14/03/2025 09:15"),
                    Telemetry.class);
        }

        @Test
        void anArrayInsteadOfAnObject() {
            assertRefused("bad-value", "[" + telemetryWith(GOOD_READING) + "]", Telemetry.class);
        }

        @Test
        void theValidBaseOfTheseCasesIsAccepted() {
            // Guards the cases above: each must fail because of its one change, not because the base is broken.
            Telemetry t = Wire.decode(telemetryWith(GOOD_READING).getBytes(StandardCharsets.UTF_8), Telemetry.class);
            assertEquals(List.of(Reading.good("rack-1-inlet", 22.4, "C", T0)), t.readings());
            assertEquals(3017L, t.seq());
        }
    }

    @Nested
    class TopicTree {
        private final Topics demo = new Topics("jaga/v1", "demo");

        @Test
        void buildsEveryTopicUnderTheSiteRoot() {
            assertEquals("jaga/v1/demo", demo.root());
            assertEquals("jaga/v1/demo/agent/pi-row-1/state", demo.agent("pi-row-1", Topics.STATE));
            assertEquals("jaga/v1/demo/agent/pi-row-1/telemetry", demo.agent("pi-row-1", Topics.TELEMETRY));
            assertEquals("jaga/v1/demo/agent/pi-row-1/event", demo.agent("pi-row-1", Topics.EVENT));
            assertEquals("jaga/v1/demo/agent/pi-row-1/cmd", demo.agent("pi-row-1", Topics.CMD));
            assertEquals("jaga/v1/demo/agent/pi-row-1/cmd/result", demo.agent("pi-row-1", Topics.CMD_RESULT));
            assertEquals("jaga/v1/demo/agent/+/telemetry", demo.allAgents(Topics.TELEMETRY));
            assertEquals("jaga/v1/demo/alarm", demo.alarm());
            assertEquals("jaga/v1/demo/alarm/active", demo.alarmActive());
            assertEquals("jaga/v1/demo/failover", demo.failover());
            assertEquals("jaga/v1/demo/failover/state", demo.failoverState());
            assertEquals("jaga/v1/demo/security", demo.security());
            assertEquals("jaga/v1/demo/security/checkpoint", demo.auditCheckpoint());
            assertEquals("jaga/v1/demo/controller/state", demo.controllerState());
        }

        @Test
        void theConfiguredPrefixReplacesTheDefault() {
            Topics custom = new Topics("acme/dc/v1", "jkt-1");
            assertEquals("acme/dc/v1/jkt-1/agent/pi-a/telemetry", custom.agent("pi-a", Topics.TELEMETRY));
            assertEquals(Optional.of(new Topics.AgentTopic("pi-a", Topics.TELEMETRY)),
                    custom.parseAgentTopic("acme/dc/v1/jkt-1/agent/pi-a/telemetry"));
            assertEquals(Optional.empty(), custom.parseAgentTopic("jaga/v1/jkt-1/agent/pi-a/telemetry"));
        }

        @Test
        void parsesWhatItBuilds() {
            for (String channel : List.of(Topics.STATE, Topics.TELEMETRY, Topics.EVENT, Topics.CMD, Topics.CMD_RESULT)) {
                for (String agent : List.of("pi-row-1", "pi-row-2")) {
                    assertEquals(Optional.of(new Topics.AgentTopic(agent, channel)),
                            demo.parseAgentTopic(demo.agent(agent, channel)), channel + " of " + agent);
                }
            }
        }

        @Test
        void rejectsForeignTopics() {
            for (String foreign : List.of(
                    "jaga/v1/other/agent/pi-row-1/telemetry",   // another site
                    "jaga/v1/demo2/agent/pi-row-1/telemetry",   // a site whose id starts with ours
                    "jaga/v2/demo/agent/pi-row-1/telemetry",    // another prefix
                    "jaga/v1/demo/alarm",                       // a controller topic of this site
                    "jaga/v1/demo/controller/state",
                    "jaga/v1/demo/agent/pi-row-1",              // no channel
                    "jaga/v1/demo/agent//telemetry",            // no agent
                    "jaga/v1/demo/agent/")) {
                assertEquals(Optional.empty(), demo.parseAgentTopic(foreign), foreign);
            }
        }
    }
}
