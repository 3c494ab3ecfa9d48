package lodestar.secret;

import com.google.crypto.tink.subtle.Hkdf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one secret that never enters the database: every key that must not be readable by whoever runs the database is
 * derived from it with HKDF-SHA256, under a label of its own per use, so that no two uses share a key. It comes from
 * {@code LODESTAR_SECRET} (every instance of a deployment shares it), or, with the embedded database, from a file
 * generated on first start next to the database's data, readable by its owner only.
 */
public final class ServerSecret {
    /** The shortest secret accepted: 32 characters, e.g. {@code openssl rand -base64 32} gives 44. */
    public static final int MIN_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(ServerSecret.class);
    private static final byte[] SALT = "lodestar".getBytes(StandardCharsets.UTF_8);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] material;

    private ServerSecret(byte[] material) {
        this.material = material;
    }

    /** A secret given in configuration; {@code Config} has checked it is at least {@link #MIN_LENGTH} long. */
    public static ServerSecret of(String secret) {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("A server secret has at least " + MIN_LENGTH + " characters");
        }
        return new ServerSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The secret kept in {@code file}, generated there (owner-only) when it does not exist yet. */
    public static ServerSecret inFile(Path file) {
        try {
            if (Files.notExists(file)) {
                create(file);
            } else if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                log.warn("{} was readable by others than its owner; it is owner-only now", file);
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.length() < MIN_LENGTH) {
                throw new IllegalStateException(file + " does not hold a secret of at least " + MIN_LENGTH
                        + " characters: restore it from a backup, or delete it to start with a new secret (the"
                        + " answers to surveys open now would then be unreadable)");
            }
            return new ServerSecret(secret.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the server secret in " + file, e);
        }
    }

    /** A key of {@code size} bytes for one use, named by {@code label}; the same label always gives the same key. */
    public byte[] key(String label, int size) {
        try {
            return Hkdf.computeHkdf("HMACSHA256", material, SALT, label.getBytes(StandardCharsets.UTF_8), size);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF with HMAC-SHA256 is available on every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ServerSecret[***]";
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path written = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(written);
        if (posix()) {
            Files.createFile(written, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.writeString(written, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.UTF_8);
        // Appears whole or not at all, so that a crash never leaves half a secret behind.
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
        log.info("Generated the server secret in {} (owner-only): back it up with the database", file);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
