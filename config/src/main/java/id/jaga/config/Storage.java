package id.jaga.config;

import java.time.Duration;

/**
 * JDBC location of the controller's database (H2 under ./data by default, PostgreSQL by URL), and
 * how long readings are kept: raw for {@code keepRaw}, then as 1-minute and 1-hour aggregates for
 * {@code keepMinutes} and {@code keepHours}.
 */
public record Storage(String url, String username, String passwordFile, Duration keepRaw, Duration keepMinutes,
                      Duration keepHours) {
    public static final Storage DEFAULT = new Storage(null, null, null);

    public Storage {
        url = url == null ? "jdbc:h2:file:./data/jaga" : url;
        username = username == null ? "" : username;
        keepRaw = keepRaw == null ? Duration.ofDays(30) : keepRaw;
        keepMinutes = keepMinutes == null ? Duration.ofDays(180) : keepMinutes;
        keepHours = keepHours == null ? Duration.ofDays(5 * 365) : keepHours;
    }

    public Storage(String url, String username, String passwordFile) {
        this(url, username, passwordFile, null, null, null);
    }
}
