package lodestar.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes one Lodestar the only user of an embedded data directory while it runs. An OS file lock, because the OS
 * releases it when its process dies, even by {@code kill -9}: a crashed bot never leaves it held, and a held lock
 * always means a live owner. The file names its owner's process for the refusal message.
 */
final class DataDirectoryLock implements AutoCloseable {
    /**
     * The lock files this JVM holds. A JVM may lock a file only once, and on POSIX systems closing any other channel
     * on the file would silently release the lock, so this JVM never opens a file it holds a second time.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;

    private DataDirectoryLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Takes the lock, or returns empty when a live process (this one included) holds it. */
    static Optional<DataDirectoryLock> tryAcquire(Path file) throws IOException {
        var key = file.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel =
                    FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                channel.close();
                HELD.remove(key);
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return Optional.of(new DataDirectoryLock(key, channel));
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD.remove(key);
            throw e;
        }
    }

    /** Whether a live process, this one included, holds the lock. */
    static boolean isHeld(Path file) {
        var key = file.toAbsolutePath().normalize();
        if (HELD.contains(key)) {
            return true;
        }
        if (!Files.exists(key)) {
            return false;
        }
        // A shared lock is enough to test for an exclusive one, and needs only read access.
        return lockedByAnother(key, true);
    }

    /**
     * Whether another process holds a lock on the file: tried with a shared lock (read access) or an exclusive one
     * (write access) that is let go at once. Never for a file this JVM may lock: closing the probe would release
     * this JVM's own lock on it.
     */
    static boolean lockedByAnother(Path file, boolean shared) {
        try (var channel = FileChannel.open(file, shared ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, shared);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** "process 1234", the holder named in the file, for messages. */
    static String holder(Path file) {
        var key = file.toAbsolutePath().normalize();
        if (HELD.contains(key)) {
            return "this process";
        }
        try {
            String pid = Files.readString(key, StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]+") ? "process " + pid : "process unknown";
        } catch (IOException | RuntimeException e) {
            return "process unknown";
        }
    }

    @Override
    public void close() {
        try {
            // Closing the channel releases the lock; the file stays, as a removed file could be locked by two.
            channel.close();
        } catch (IOException e) {
            // The OS releases the lock when the process ends at the latest.
        } finally {
            HELD.remove(file);
        }
    }
}
