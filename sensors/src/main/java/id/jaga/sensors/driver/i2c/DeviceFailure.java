package id.jaga.sensors.driver.i2c;

/** A device answered, but with something unusable (bad CRC, too few bytes); the message is the reading's reason. */
final class DeviceFailure extends Exception {
    private static final long serialVersionUID = 1L;

    DeviceFailure(String reason) {
        super(reason, null, false, false);
    }
}
