package id.jaga.config;

/** An enum written in the site file (and on the wire) by a lower-case name rather than its constant. */
public interface WireNamed {
    String wire();
}
