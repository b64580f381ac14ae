package id.jaga.config;

import java.time.ZoneId;

/**
 * Identity of the data center; {@code id} becomes part of every MQTT topic. {@code timezone} is
 * the IANA zone that schedules are judged in and people read times in; Western Indonesia
 * (Asia/Jakarta, WIB) when the site file names none.
 */
public record Site(String id, String name, String timezone) {
    public static final String DEFAULT_TIMEZONE = "Asia/Jakarta";

    public Site {
        timezone = timezone == null ? DEFAULT_TIMEZONE : timezone;
    }

    /** The site's zone; only call on a validated site. */
    public ZoneId zone() {
        return ZoneId.of(timezone);
    }
}
