package id.jaga.controller.storage;

import java.sql.SQLException;

/**
 * The database could not do what was asked (unreachable, closed, out of space, a failed
 * transaction): the one failure that is worth trying again later with the same data. Ingest retries
 * a batch on this exception only; any other exception is a bug, logged, and its batch abandoned.
 */
public final class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(SQLException cause) {
        super("storage unavailable: " + cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
