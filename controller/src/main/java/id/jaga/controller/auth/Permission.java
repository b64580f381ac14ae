package id.jaga.controller.auth;

/**
 * What a signed-in user may do beyond looking. Who may unlock which door remotely is not here: the
 * site file names the roles per door.
 */
public enum Permission {
    VIEW,
    /** Acknowledge, shelve and reset alarms. */
    HANDLE_ALARMS,
    APPROVE_FAILOVER,
    VIEW_SECURITY_LOG,
    MANAGE_USERS
}
