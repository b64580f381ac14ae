package id.jaga.controller.auth;

/** What a signed-in user may do beyond looking. */
public enum Permission {
    VIEW,
    /** Acknowledge, shelve and reset alarms. */
    HANDLE_ALARMS,
    APPROVE_FAILOVER,
    UNLOCK_DOORS,
    VIEW_SECURITY_LOG,
    MANAGE_USERS
}
