package lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A user's clone has nothing beside it: the repository must not refer to a path outside itself. */
class SelfContainedTest {
    /** A relative path that climbs out of the repository, e.g. to a folder beside the clone. */
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./(?!\\.)[A-Za-z]");

    @Test
    void noFileRefersToAPathOutsideTheRepository() throws IOException {
        List<String> found;
        try (Stream<Path> files = Stream.of(
                        Path.of("README.md"), Path.of("pom.xml"), Path.of("manifest.yml"), Path.of(".ci/run"))
                .filter(Files::exists)) {
            found = Stream.concat(files, Stream.of("src", "docs", "migrations").flatMap(SelfContainedTest::textFiles))
                    .flatMap(SelfContainedTest::outsideReferences)
                    .toList();
        }

        assertThat(found).isEmpty();
    }

    private static Stream<Path> textFiles(String root) {
        try {
            return Files.exists(Path.of(root))
                    ? Files.walk(Path.of(root))
                            .filter(Files::isRegularFile)
                            .filter(path -> path.toString().matches(".*\\.(java|md|xml|sql|yml|yaml|properties)"))
                            .toList()
                            .stream()
                    : Stream.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Stream<String> outsideReferences(Path file) {
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> OUTSIDE.matcher(lines.get(i)).find())
                    .mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i).strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
