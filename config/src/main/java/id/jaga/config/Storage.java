package id.jaga.config;

/** JDBC location of the controller's database: H2 under ./data by default, PostgreSQL by URL. */
public record Storage(String url, String username, String passwordFile) {
    public static final Storage DEFAULT = new Storage(null, null, null);

    public Storage {
        url = url == null ? "jdbc:h2:file:./data/jaga" : url;
        username = username == null ? "" : username;
    }
}
