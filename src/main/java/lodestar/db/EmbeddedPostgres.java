package lodestar.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the bot itself when no DATABASE_URL is given, so that {@code java -jar} works on a
 * fresh machine. Its data lives under the data directory and survives restarts, and a {@link DataDirectoryLock}
 * beside it makes the running bot its only user.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    /**
     * zonky's macOS archives hold universal binaries (x86_64 and arm64), so the jar carries one and serves both
     * kinds of Mac with it; on Apple silicon zonky alone would look for its 30 MB arm64 twin, and without it warn
     * that PostgreSQL runs emulated, which it does not.
     */
    static final PgBinaryResolver BINARIES = (system, hardware) -> system.equals("Darwin")
            ? EmbeddedPostgres.class.getResourceAsStream("/postgres-darwin-x86_64.txz")
            : DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;
    private final DataDirectoryLock lock;

    private EmbeddedPostgres(
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory, DataDirectoryLock lock) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.lock = lock;
    }

    /**
     * Starts a server on the data directory, creating it on first use, and stopping the server a Lodestar that
     * died without stopping left running on it. Refused while another Lodestar runs on the directory.
     */
    public static EmbeddedPostgres start(Path dataDirectory) {
        var directory = dataDirectory.toAbsolutePath().normalize();
        var lock = lock(directory);
        try {
            StaleServer.stopIfRunning(directory);
            return new EmbeddedPostgres(startServer(directory), directory, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres startServer(Path directory) {
        try {
            boolean fresh = !Files.exists(directory.resolve("postgresql.conf"));
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Stopped by whoever started it, last (App.close): zonky's own hook would stop it at SIGTERM
                    // while the bot still finishes work on it. A server left by a crash is stopped at the next start.
                    .setRegisterShutdownHook(false)
                    // zonky, made for tests, starts PostgreSQL with fsync and synchronous_commit off: a crash of the
                    // machine could then corrupt the database, and lose commands already acked. A command is acked
                    // once recorded, so its commit is on disk first, as with any PostgreSQL server's defaults.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setPgBinaryResolver(BINARIES)
                    .start();
            log.info(
                    "Using the embedded PostgreSQL in {} ({}); set DATABASE_URL to use your own server",
                    directory,
                    fresh ? "created now" : "existing data");
            return server;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    private static DataDirectoryLock lock(Path directory) {
        var lockFile = lockFile(directory);
        try {
            Files.createDirectories(directory);
            if (!Files.isWritable(directory)) {
                throw new AccessDeniedException(directory.toString());
            }
            return DataDirectoryLock.tryAcquire(lockFile)
                    .orElseThrow(() -> new IllegalStateException("another Lodestar ("
                            + DataDirectoryLock.holder(lockFile) + ") is running on " + directory
                            + "; stop it, or set LODESTAR_DATA_DIR to another directory"));
        } catch (IOException e) {
            // One line that names the cause: the OS's own exception repeats the path and, as a cause, would be
            // printed after it, so it is kept as suppressed, for the stack trace only.
            var failure = new IllegalStateException("can't use the data directory " + directory + " (" + cause(e)
                    + "); set LODESTAR_DATA_DIR to a directory the bot may write to");
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /** What went wrong, in the words of {@code ls} and {@code mkdir}, with the path it went wrong on. */
    static String cause(IOException e) {
        String what;
        if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            what = "no such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            what = "not a directory";
        } else if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            what = fileSystem.getReason().toLowerCase(Locale.ROOT);
        } else {
            return String.valueOf(e.getMessage());
        }
        var file = ((FileSystemException) e).getFile();
        return file == null ? what : file + ": " + what;
    }

    /** Beside the directory, not in it: initdb wants an empty directory. */
    private static Path lockFile(Path directory) {
        return directory.resolveSibling(directory.getFileName() + ".lock");
    }

    /**
     * The embedded PostgreSQL a running Lodestar started on this data directory, if any, so that a tool can share it
     * instead of starting a second server on the same files. A server whose Lodestar died is not shared: the
     * caller's own start stops it.
     */
    public static Optional<Config.DatabaseUrl> running(Path dataDirectory) {
        var directory = dataDirectory.toAbsolutePath().normalize();
        if (!DataDirectoryLock.isHeld(lockFile(directory))) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"));
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

    /** Stops the server, then lets the next Lodestar use the directory. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("The embedded PostgreSQL did not stop cleanly", e);
        } finally {
            lock.close();
        }
    }
}
