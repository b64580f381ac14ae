package id.jaga.config;

/** Identity of the data center; {@code id} becomes part of every MQTT topic. */
public record Site(String id, String name, String timezone) {
}
