package lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's run command gives the JVM the settings the load benchmark measured memory with. */
class ReadmeRunCommandTest {
    @Test
    void runCommand_hasTheMeasuredJvmSettings() throws IOException {
        assertThat(Files.readString(Path.of("README.md")))
                .contains("java " + String.join(" ", LodestarProcess.JVM_OPTIONS) + " -jar target/lodestar.jar");
    }
}
