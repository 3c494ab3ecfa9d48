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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
 * otherwise) — the least any app that keeps what it acks must do — or, told so, the commands that arrive together
 * recorded together, one insert and one commit for all ({@link GroupCommit}).
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
     * its own. {@code together}: the commands that arrive while one batch is written are written in the next, in one
     * statement and one commit ({@link GroupCommit}).
     */
    static Recording recording(FakeSlack slack, EmbeddedPostgres postgres, boolean together) throws SQLException {
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
            var group = together ? new GroupCommit(pool) : null;
            return new Recording(
                    serve(slack, (request, ctx) -> {
                        if (group == null) {
                            record(pool, request);
                        } else {
                            group.record(request.getPayload().getTriggerId(), request.getRequestBodyAsString());
                        }
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

    /**
     * Group commit: a writer thread takes every command waiting, inserts them in one statement (arrays unnested), commits
     * once, then lets their requests ack; the next batch gathers while it writes. A request waits for its batch.
     */
    private static final class GroupCommit {
        private record Pending(String triggerId, String payload, CompletableFuture<Void> written) {}

        private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();

        GroupCommit(HikariDataSource pool) {
            var writer = new Thread(() -> write(pool), "recording-app-group-commit");
            writer.setDaemon(true);
            writer.start();
        }

        void record(String triggerId, String payload) {
            var pending = new Pending(triggerId, payload, new CompletableFuture<>());
            waiting.add(pending);
            pending.written().join();
        }

        private void write(HikariDataSource pool) {
            List<Pending> batch = new ArrayList<>();
            while (true) {
                try (var connection = pool.getConnection();
                        var insert = connection.prepareStatement(
                                "INSERT INTO received SELECT * FROM unnest(?::text[], ?::text[]) ON CONFLICT DO NOTHING")) {
                    while (true) {
                        batch.add(waiting.take());
                        waiting.drainTo(batch);
                        insert.setArray(
                                1,
                                connection.createArrayOf(
                                        "text",
                                        batch.stream().map(Pending::triggerId).toArray()));
                        insert.setArray(
                                2,
                                connection.createArrayOf(
                                        "text",
                                        batch.stream().map(Pending::payload).toArray()));
                        insert.executeUpdate();
                        batch.forEach(pending -> pending.written().complete(null));
                        batch.clear();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException | RuntimeException e) {
                    batch.forEach(pending -> pending.written().completeExceptionally(e));
                    batch.clear();
                    if (pool.isClosed()) { // the recording app closed: nothing more to write
                        return;
                    }
                }
            }
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
