package id.jaga.controller.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A route that breaks still answers in the one error shape, without its cause: that goes to the log. */
class HttpFailureTest {
    static Vertx vertx;
    static HttpServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/broken").handler(ctx -> {
            throw new IllegalStateException("secret detail of a bug");
        });
        router.route().failureHandler(Http::failed);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void anUnexpectedFailureIsA500WithACodeAndNoInternals() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/broken")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(500, r.statusCode());
        JsonNode body = Http.JSON.readTree(r.body());
        assertEquals("internal", body.get("code").asText());
        assertEquals("the controller failed to answer; the cause is in its log", body.get("message").asText());
    }
}
