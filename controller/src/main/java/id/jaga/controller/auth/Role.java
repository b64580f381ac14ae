package id.jaga.controller.auth;

import static id.jaga.controller.auth.Permission.APPROVE_FAILOVER;
import static id.jaga.controller.auth.Permission.HANDLE_ALARMS;
import static id.jaga.controller.auth.Permission.MANAGE_USERS;
import static id.jaga.controller.auth.Permission.VIEW;
import static id.jaga.controller.auth.Permission.VIEW_SECURITY_LOG;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A user's role, each with the least it needs: a viewer only looks; an operator (facility staff,
 * NOC) works alarms and approves failover; a security officer works alarms and reads the
 * security log (which roles may unlock a door remotely, the site file says per door); an admin does all that and manages users.
 */
public enum Role {
    VIEWER(EnumSet.of(VIEW)),
    OPERATOR(EnumSet.of(VIEW, HANDLE_ALARMS, APPROVE_FAILOVER)),
    SECURITY_OFFICER(EnumSet.of(VIEW, HANDLE_ALARMS, VIEW_SECURITY_LOG)),
    ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> fromWire(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(wire)).findFirst();
    }
}
