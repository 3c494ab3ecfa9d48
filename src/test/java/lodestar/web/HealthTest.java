package lodestar.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthz_saysOkWithTheDatabaseUp() throws Exception {
        var response = get(harness.app().port(), "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        var json = new ObjectMapper().readTree(response.body());
        assertThat(json.path("status").asText()).isEqualTo("ok");
        assertThat(json.path("database").asText()).isEqualTo("up");
    }

    @Test
    void unknownPath_is404() throws Exception {
        assertThat(get(harness.app().port(), "/nope").statusCode()).isEqualTo(404);
    }
}
