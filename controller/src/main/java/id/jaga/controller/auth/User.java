package id.jaga.controller.auth;

/** A signed-in person as the API sees them; {@code mustChangePassword} until a one-time password is replaced. */
public record User(String name, Role role, boolean mustChangePassword) {
    public boolean may(Permission permission) {
        return role.may(permission);
    }
}
