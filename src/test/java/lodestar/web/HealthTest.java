package lodestar.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    @Test
    void healthz_saysOkWithTheDatabaseUp() throws Exception {
        var response = harness.get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        var json = new ObjectMapper().readTree(response.body());
        assertThat(json.path("status").asText()).isEqualTo("ok");
        assertThat(json.path("database").asText()).isEqualTo("up");
    }

    @Test
    void unknownPath_is404() throws Exception {
        assertThat(harness.get("/nope").statusCode()).isEqualTo(404);
    }
}
