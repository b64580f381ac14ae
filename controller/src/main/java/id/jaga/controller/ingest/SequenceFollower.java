package id.jaga.controller.ingest;

import id.jaga.sensors.wire.AgentState;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hears, in the order messages are stored, the number of every authentic telemetry message
 * (heartbeats, duplicates and messages without a valid reading included) and event, and every
 * birth; what it keeps is saved in the transaction that stores the batch (e.g. the data-gap
 * tracker). Called on the ingest writer's thread only.
 */
public interface SequenceFollower {
    SequenceFollower NONE = new SequenceFollower() {
        @Override
        public void seen(String agent, long seq) {
        }

        @Override
        public void birth(String agent, long bootSeq, AgentState.Skipped skipped) {
        }

        @Override
        public void saveIn(Connection c) {
        }

        @Override
        public void notSaved() {
        }
    };

    void seen(String agent, long seq);

    void birth(String agent, long bootSeq, AgentState.Skipped skipped);

    /** Writes what changed on the batch's connection, before its commit: it commits with the messages or not at all. */
    void saveIn(Connection c) throws SQLException;

    /** The transaction {@link #saveIn} wrote into did not commit: what it held is saved with the next one. */
    void notSaved();
}
