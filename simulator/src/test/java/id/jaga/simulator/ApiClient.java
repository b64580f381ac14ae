package id.jaga.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

/** The controller's REST API as a console would call it: sign in, then GET and POST with the token. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Supplier<String> baseUrl;

    /** {@code baseUrl}: asked at each call, since the controller under test may be restarted. */
    public ApiClient(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String login(String name, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/session", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}", null);
        return JSON.readTree(r.body()).get("token").asText();
    }

    public JsonNode get(String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    public HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }
}
