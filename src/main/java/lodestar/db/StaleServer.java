package lodestar.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server left running on a data directory by a Lodestar that died without stopping it ({@code kill -9},
 * a crash): found through PostgreSQL's own postmaster.pid and stopped, so that the next start finds the directory
 * free. PostgreSQL does not notice that the program which started it is gone, and refuses to start a second server
 * on the directory, so without this the next start fails.
 */
final class StaleServer {
    private static final Logger log = LoggerFactory.getLogger(StaleServer.class);

    /** How long the server may take to stop by itself before it and its backends are killed. */
    private static final Duration SHUTDOWN = Duration.ofSeconds(8);

    private static final Duration KILL = Duration.ofSeconds(5);

    /** Written by zonky's server while it runs, and locked by the JVM that started it. */
    private static final String ZONKY_LOCK = "epg-lock";

    private StaleServer() {}

    /**
     * Stops the server that postmaster.pid names, if it still runs. The caller holds the directory's {@link
     * DataDirectoryLock}, so no live Lodestar owns that server.
     */
    static void stopIfRunning(Path dataDirectory) {
        var pidFile = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("can't read " + pidFile, e);
        }
        Optional<ProcessHandle> named = lines.isEmpty() || !lines.get(0).strip().matches("[0-9]+")
                ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(ProcessHandle::isAlive);
        if (named.isEmpty()) {
            return; // PostgreSQL replaces a pid file whose process is gone by itself
        }
        var process = named.get();
        var identity = identify(process, lines);
        if (identity == Identity.ANOTHER_PROGRAM) {
            // After a reboot the number can belong to another program, which PostgreSQL would take for a server
            // still running on the directory and refuse to start.
            log.info("Removing {}: the process it names ({}) is not its server", pidFile, process.pid());
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException("can't remove " + pidFile, e);
            }
            return;
        }
        if (identity == Identity.UNKNOWN || zonkyLockHeld(dataDirectory)) {
            throw new IllegalStateException("a PostgreSQL server (process " + process.pid() + ") is running on "
                    + dataDirectory + ", started by a program that is still running or that Lodestar cannot check;"
                    + " stop it, or set LODESTAR_DATA_DIR to another directory");
        }
        log.warn(
                "Stopping the PostgreSQL server (process {}) that an earlier Lodestar left running on {}",
                process.pid(),
                dataDirectory);
        stop(process);
    }

    private enum Identity {
        THE_SERVER,
        ANOTHER_PROGRAM,
        UNKNOWN
    }

    /**
     * Whether the process is the server that wrote the pid file: a postgres that started when the file says its
     * server started. A process that started at another time only reuses the number.
     */
    private static Identity identify(ProcessHandle process, List<String> lines) {
        var info = process.info();
        Optional<Boolean> postgres = info.command()
                .map(command -> Path.of(command).getFileName().toString())
                .map(name -> name.equals("postgres") || name.equals("postgres.exe"));
        Optional<Instant> written = lines.size() > 2 && lines.get(2).strip().matches("[0-9]+")
                ? Optional.of(Instant.ofEpochSecond(Long.parseLong(lines.get(2).strip())))
                : Optional.empty();
        Optional<Boolean> sameStart = info.startInstant()
                .flatMap(started ->
                        written.map(at -> Duration.between(started, at).abs().compareTo(Duration.ofSeconds(10)) <= 0));
        if (postgres.orElse(true) && sameStart.orElse(true)) {
            return postgres.isPresent() || sameStart.isPresent() ? Identity.THE_SERVER : Identity.UNKNOWN;
        }
        return Identity.ANOTHER_PROGRAM;
    }

    /** Whether a live JVM still runs zonky's server on the directory (a Lodestar from before this lock existed). */
    private static boolean zonkyLockHeld(Path dataDirectory) {
        var file = dataDirectory.resolve(ZONKY_LOCK);
        if (!Files.exists(file)) {
            return false;
        }
        // Safe to open: no server of this JVM runs on a directory whose DataDirectoryLock the caller just took.
        return DataDirectoryLock.lockedByAnother(file, false);
    }

    /**
     * Asks the server to stop (SIGTERM: PostgreSQL's smart shutdown, which the dead bot's closed connections do not
     * hold up), and kills it and its backends if it has not stopped in time; PostgreSQL then recovers from its
     * write-ahead log at the next start.
     */
    private static void stop(ProcessHandle postmaster) {
        var backends = postmaster.descendants().toList();
        postmaster.destroy();
        if (exited(postmaster, SHUTDOWN)) {
            exited(backends, KILL);
            return;
        }
        log.warn(
                "The PostgreSQL server (process {}) did not stop in {}s: killing it",
                postmaster.pid(),
                SHUTDOWN.toSeconds());
        var all = Stream.concat(Stream.of(postmaster), backends.stream()).toList();
        all.forEach(ProcessHandle::destroyForcibly);
        if (!exited(all, KILL)) {
            throw new IllegalStateException("the PostgreSQL server an earlier Lodestar left running (process "
                    + postmaster.pid() + ") could not be stopped; stop it yourself, then start again");
        }
    }

    private static boolean exited(ProcessHandle process, Duration timeout) {
        return exited(List.of(process), timeout);
    }

    private static boolean exited(List<ProcessHandle> processes, Duration timeout) {
        var all = CompletableFuture.allOf(
                processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
        try {
            all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return processes.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
