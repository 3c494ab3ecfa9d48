package lodestar.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lodestar.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot's own PostgreSQL on a data directory that outlives it: one Lodestar at a time, and a clean start after
 * one that was killed. The tests share one directory (initdb is slow) and each leaves no server running on it.
 */
class EmbeddedPostgresTest {
    @TempDir
    static Path dataDir;

    private static Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    @Test
    void afterKill9_theNextStartStopsTheServerLeftRunning_andIsHealthyWithin20Seconds() throws Exception {
        long stale;
        try (var other = OtherLodestar.start(postgresDir())) {
            stale = postmasterPid();
            assertThat(EmbeddedPostgres.running(postgresDir()))
                    .map(Config.DatabaseUrl::jdbcUrl)
                    .hasValueSatisfying(url -> assertThat(url).contains("localhost:" + other.port() + "/"));
            assertThatThrownBy(() -> EmbeddedPostgres.start(postgresDir()))
                    .hasMessage("another Lodestar (process " + other.pid() + ") is running on " + postgresDir()
                            + "; stop it, or set LODESTAR_DATA_DIR to another directory");

            other.kill();
        }
        assertThat(isAlive(stale)).as("the killed bot's server is left running").isTrue();
        assertThat(EmbeddedPostgres.running(postgresDir()))
                .as("a server whose bot is dead is not shared")
                .isEmpty();

        var startedAt = Instant.now();
        try (var postgres = EmbeddedPostgres.start(postgresDir())) {
            assertThat(Duration.between(startedAt, Instant.now())).isLessThan(Duration.ofSeconds(20));
            assertThat(selectOne(postgres)).isEqualTo(1);
            assertThat(isAlive(stale)).isFalse();
            assertThat(postmastersOn(postgresDir())).containsExactly(postmasterPid());
        }
    }

    @Test
    void secondStart_whileTheFirstRuns_isRefusedWithOneLine_andLeavesTheFirstAlone() throws Exception {
        try (var first = EmbeddedPostgres.start(postgresDir())) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(postgresDir()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("another Lodestar (this process) is running on " + postgresDir()
                            + "; stop it, or set LODESTAR_DATA_DIR to another directory");

            assertThat(selectOne(first)).isEqualTo(1);
            assertThat(EmbeddedPostgres.running(postgresDir()))
                    .map(Config.DatabaseUrl::jdbcUrl)
                    .hasValueSatisfying(url -> assertThat(first.url().jdbcUrl()).startsWith(url));
        }
        assertThat(EmbeddedPostgres.running(postgresDir())).isEmpty();
    }

    @Test
    void commitsReachTheDiskBeforeTheyAreConfirmed() throws Exception {
        // An acked command is one commit: were it confirmed before its WAL is flushed, or never flushed (zonky's
        // defaults, for tests), a crash of the machine right after the ack would lose it, or corrupt the database.
        try (var postgres = EmbeddedPostgres.start(postgresDir())) {
            var url = postgres.url();
            try (var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                    var result = connection
                            .createStatement()
                            .executeQuery("select current_setting('fsync'), current_setting('synchronous_commit')")) {
                result.next();
                assertThat(result.getString(1)).as("fsync").isEqualTo("on");
                assertThat(result.getString(2)).as("synchronous_commit").isEqualTo("on");
            }
        }
    }

    @Test
    void pidFileNamingAnotherProgram_doesNotStopThatProgram_andTheServerStarts() throws Exception {
        List<String> pidFile;
        try (var postgres = EmbeddedPostgres.start(postgresDir())) {
            pidFile = Files.readAllLines(postgres.dataDirectory().resolve("postmaster.pid"));
        }
        // After a reboot, the number in a pid file left by a power cut can belong to any program.
        var program = new ProcessBuilder("sleep", "120").start();
        try {
            Files.write(
                    postgresDir().resolve("postmaster.pid"),
                    concat(String.valueOf(program.pid()), pidFile.subList(1, pidFile.size())));

            try (var postgres = EmbeddedPostgres.start(postgresDir())) {
                assertThat(selectOne(postgres)).isEqualTo(1);
            }
            assertThat(program.isAlive()).isTrue();
        } finally {
            program.destroyForcibly();
            program.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        var lines = new ArrayList<String>();
        lines.add(first);
        lines.addAll(rest);
        return lines;
    }

    private static long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(postgresDir().resolve("postmaster.pid"))
                .get(0)
                .strip());
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Servers running on the directory: postgres processes started with it (their backends rename themselves). */
    private static List<Long> postmastersOn(Path directory) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .command()
                        .map(command ->
                                Path.of(command).getFileName().toString().equals("postgres"))
                        .orElse(false))
                .filter(process -> process.info()
                        .arguments()
                        .map(arguments -> List.of(arguments).contains(directory.toString()))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static int selectOne(EmbeddedPostgres postgres) throws Exception {
        var url = postgres.url();
        try (var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                var result = connection.createStatement().executeQuery("select 1")) {
            result.next();
            return result.getInt(1);
        }
    }
}
