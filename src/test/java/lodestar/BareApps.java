package lodestar;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import lodestar.db.Database;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackBridge;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;
import lodestar.web.WebServer;

/**
 * The baselines {@link LoadBenchmark} measures Lodestar against, served by the same bridge as Lodestar (which verifies
 * each request as Lodestar does): a Bolt app that only acks, and one that first records each command in PostgreSQL, one
 * insert committed before the ack (to disk when PostgreSQL syncs its commits, as the benchmark's does unless told
 * otherwise) — the least any app that keeps what it acks must do.
 */
final class BareApps {
    private BareApps() {}

    /** A Bolt app that verifies each request and only acks it. */
    static WebServer acking(FakeSlack slack) {
        return serve(slack, (request, ctx) -> ctx.ack());
    }

    /**
     * A Bolt app that verifies each request, records it (its trigger id and body, one insert on a pool of
     * {@link Database#ACK_POOL_SIZE} connections, as Lodestar's request threads have), then acks it; on a database of
     * its own.
     */
    static Recording recording(FakeSlack slack, EmbeddedPostgres postgres) throws SQLException {
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE bare");
        }
        var config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "bare"));
        config.setPoolName("bare-recording");
        config.setMaximumPoolSize(Database.ACK_POOL_SIZE);
        var pool = new HikariDataSource(config);
        try {
            try (var connection = pool.getConnection();
                    var statement = connection.createStatement()) {
                // Nothing of its own left for PostgreSQL to do while Lodestar is measured after it (see settle).
                statement.execute("CREATE TABLE received (trigger_id text PRIMARY KEY, payload text NOT NULL)"
                        + " WITH (autovacuum_enabled = false)");
            }
            return new Recording(
                    serve(slack, (request, ctx) -> {
                        record(pool, request);
                        return ctx.ack();
                    }),
                    pool);
        } catch (RuntimeException | SQLException e) {
            pool.close();
            throw e;
        }
    }

    private static void record(HikariDataSource pool, SlashCommandRequest request) {
        try (var connection = pool.getConnection();
                var insert = connection.prepareStatement("INSERT INTO received VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, request.getPayload().getTriggerId());
            insert.setString(2, request.getRequestBodyAsString());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The recording app could not record a command", e);
        }
    }

    /** The recording app, and its connections to close with it. */
    record Recording(WebServer server, HikariDataSource pool) implements AutoCloseable {
        int port() {
            return server.port();
        }

        /** Writes what it recorded to disk now (a checkpoint), so that the next measurement does not pay for it. */
        void settle() throws SQLException {
            try (var connection = pool.getConnection();
                    var statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
        }

        @Override
        public void close() {
            server.close();
            pool.close();
        }
    }

    private static WebServer serve(FakeSlack slack, SlashCommandHandler handler) {
        var bolt = new App(AppConfig.builder()
                .signingSecret(SlackRequests.SIGNING_SECRET)
                .singleTeamBotToken(LodestarProcess.TOKEN)
                .slack(SlackApi.client(slack.apiUrl(), Duration.ofSeconds(10)))
                .build());
        bolt.command("/cx", handler);
        bolt.command("/kudos", handler);
        bolt.start();
        return WebServer.start(0, new SlackBridge(bolt, signature -> true), null, null, () -> true, Map::of);
    }
}
