package lodestar.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import lodestar.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the bot itself when no DATABASE_URL is given, so that {@code java -jar}
 * works on a fresh machine. Its data lives under the data directory and survives restarts.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server on the data directory, creating it on first use. */
    public static EmbeddedPostgres start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
            log.info(
                    "Using the embedded PostgreSQL in {} ({}); set DATABASE_URL to use your own server",
                    dataDirectory,
                    fresh ? "created now" : "existing data");
            return new EmbeddedPostgres(server, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }
    /**
     * The embedded PostgreSQL a running bot started on this data directory, if any (read from PostgreSQL's own
     * postmaster.pid), so that a tool can share it instead of starting a second server on the same files.
     */
    public static Optional<Config.DatabaseUrl> running(Path dataDirectory) {
        try {
            var pidFile = dataDirectory.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).strip());
            int port = Integer.parseInt(lines.get(3).strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(
                        new Config.DatabaseUrl("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public Config.DatabaseUrl url() {
        return new Config.DatabaseUrl(server.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("The embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
