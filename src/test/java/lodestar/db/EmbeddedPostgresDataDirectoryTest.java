package lodestar.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A data directory the bot cannot use is refused with one line that names the cause, before any server starts. */
class EmbeddedPostgresDataDirectoryTest {
    private static final String ADVICE = "; set LODESTAR_DATA_DIR to a directory the bot may write to";

    @TempDir
    Path dir;

    @Test
    void underARegularFile_saysNotADirectory() throws Exception {
        var file = Files.writeString(dir.resolve("notes.txt"), "not a directory");
        var data = file.resolve("postgres");

        assertThatThrownBy(() -> EmbeddedPostgres.start(data))
                .hasMessage("can't use the data directory " + data + " (" + data + ": not a directory)" + ADVICE);
    }

    @Test
    void aRegularFile_saysNotADirectory() throws Exception {
        var file = Files.writeString(dir.resolve("postgres"), "not a directory");

        assertThatThrownBy(() -> EmbeddedPostgres.start(file))
                .hasMessage("can't use the data directory " + file + " (" + file + ": not a directory)" + ADVICE);
    }

    /** The OS's exceptions, which name only the path, as the message says them; root ignores permissions. */
    @ParameterizedTest
    @CsvSource({
        "denied, /srv/lodestar: permission denied",
        "missing, /srv/lodestar: no such file or directory",
        "read-only, /srv/lodestar: read-only file system",
        "full, /srv/lodestar: no space left on device"
    })
    void theCause_isNamed(String problem, String named) {
        IOException exception = switch (problem) {
            case "denied" -> new AccessDeniedException("/srv/lodestar");
            case "missing" -> new NoSuchFileException("/srv/lodestar");
            case "read-only" -> new FileSystemException("/srv/lodestar", null, "Read-only file system");
            default -> new FileSystemException("/srv/lodestar", null, "No space left on device");
        };

        assertThat(EmbeddedPostgres.cause(exception)).isEqualTo(named);
    }
}
