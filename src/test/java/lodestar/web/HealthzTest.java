package lodestar.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /healthz tells a database that is down from a bot that is busy. */
class HealthzTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    @Test
    void everyPooledConnectionInUse_isABusyBot_notADownDatabase() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) { // the pool's size
                held.add(harness.app().database().dataSource().getConnection());
            }

            var health = harness.get("/healthz");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"database\":\"up\"");
        } finally {
            for (var connection : held) {
                connection.close();
            }
        }
    }
}
