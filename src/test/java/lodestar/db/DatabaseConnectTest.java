package lodestar.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import lodestar.Config;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL set up as the README tells a user to, or not quite: on a server of its own, because the shared
 * test server trusts every login and this one must check passwords as a real one does.
 */
class DatabaseConnectTest {
    private static EmbeddedPostgres server;
    private static DSLContext admin;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(dataDirectory -> {
                    try {
                        // postgres (the test's admin) is trusted; every other role must give its password
                        Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), """
                                local all all trust
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
        admin = DSL.using(server.getPostgresDatabase(), SQLDialect.POSTGRES);
        // the README's recipe: a role with a password, and a database it owns
        admin.execute("CREATE ROLE bot LOGIN PASSWORD 'p@ss:w/rd'");
        admin.execute("CREATE DATABASE owned OWNER bot");
        // the mistake: a database created by someone else (PostgreSQL 15+ lets only its owner create tables)
        admin.execute("CREATE DATABASE not_owned");
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static Config.DatabaseUrl url(String databaseUrl) {
        return Config.database(Map.of("DATABASE_URL", databaseUrl)).orElseThrow();
    }

    private static String host() {
        return "localhost:" + server.getPort();
    }

    @Test
    void ownerRole_isMigrated_thenUpToDate_throughEitherFormOfUrl() {
        var log = (Logger) LoggerFactory.getLogger(Database.class);
        var lines = new ListAppender<ILoggingEvent>();
        lines.start();
        log.addAppender(lines);
        try {
            try (var database = Database.connect(url("postgres://bot:p%40ss%3Aw%2Frd@" + host() + "/owned"))) {
                assertThat(database.isUp()).isTrue();
            }
            try (var database =
                    Database.connect(url("jdbc:postgresql://" + host() + "/owned?user=bot&password=p%40ss%3Aw%2Frd"))) {
                assertThat(database.isUp()).isTrue();
            }
        } finally {
            log.detachAppender(lines);
        }

        var history = DSL.using(server.getDatabase("postgres", "owned"), SQLDialect.POSTGRES)
                // the latest version applied: 19.3 and the like are versions too, so not max(version::int)
                .fetchSingle("select (select version from flyway_schema_history order by installed_rank desc limit 1),"
                        + " count(*) from flyway_schema_history");
        var version = history.get(0, String.class);
        var applied = history.get(1, Integer.class);
        assertThat(applied).isGreaterThan(1);
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "Database migrated to version " + version + " (" + applied + " migrations applied)",
                        "Database schema is up to date (version " + version + ")");
    }

    @Test
    void roleThatDoesNotOwnTheDatabase_isToldToMakeItTheOwner_andNothingIsMigrated() {
        assertThatThrownBy(() -> Database.connect(url("postgres://bot:p%40ss%3Aw%2Frd@" + host() + "/not_owned")))
                .isInstanceOf(UnusableDatabase.class)
                .hasMessageStartingWith("Role \"bot\" may not create Lodestar's tables in database not_owned"
                        + " (permission denied for schema public)")
                .hasMessageContaining("sudo -u postgres psql -c 'ALTER DATABASE not_owned OWNER TO bot'")
                .hasMessageContaining("GRANT ALL ON SCHEMA public TO bot")
                .message()
                .doesNotContain("\n");

        var notOwned = DSL.using(server.getDatabase("postgres", "not_owned"), SQLDialect.POSTGRES);
        assertThat(notOwned.fetchCount(
                        DSL.table("pg_tables"), DSL.field("schemaname").eq("public")))
                .isZero();
    }

    static Stream<Arguments> refusals() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return Stream.of(
                arguments(
                        "postgres://bot:wrong@" + host() + "/owned",
                        "PostgreSQL at " + host() + " refused the password for role \"bot\"",
                        "sudo -u postgres createuser --pwprompt bot"),
                arguments(
                        "jdbc:postgresql://" + host() + "/owned?user=nobody&password=x",
                        "PostgreSQL at " + host() + " refused the password for role \"nobody\"",
                        "sudo -u postgres createuser --pwprompt nobody"),
                arguments(
                        "postgres://bot:p%40ss%3Aw%2Frd@" + host() + "/missing",
                        "Database missing does not exist on " + host(),
                        "sudo -u postgres createdb --owner bot missing"),
                arguments(
                        "postgres://bot:secret@localhost:" + closedPort + "/owned",
                        "Could not reach PostgreSQL at localhost:" + closedPort + " (Connection refused)",
                        "check that PostgreSQL is running there"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusal_isOneLineThatSaysWhatToDo(String databaseUrl, String start, String advice) {
        assertThatThrownBy(() -> Database.connect(url(databaseUrl)))
                .isInstanceOf(UnusableDatabase.class)
                .hasMessageStartingWith(start)
                .hasMessageContaining(advice)
                .message()
                .doesNotContain("\n", "wrong", "secret");
    }
}
