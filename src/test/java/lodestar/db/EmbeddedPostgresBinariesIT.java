package lodestar.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/**
 * The built jar (run by failsafe after {@code package}) carries the PostgreSQL its embedded database starts, for
 * every platform the README names.
 */
class EmbeddedPostgresBinariesIT {
    private static final Path JAR = Path.of(System.getProperty("lodestar.jar", "target/lodestar.jar"));

    private static final int CPU_X86_64 = 0x01000007;
    private static final int CPU_ARM64 = 0x0100000c;

    @Test
    void jar_holdsPostgresForLinuxAndMacOnX86AndArm_andForAlpineAndWindowsOnX86() throws IOException {
        try (var jar = new ZipFile(JAR.toFile())) {
            assertThat(jar.stream().map(ZipEntry::getName).filter(name -> name.matches("postgres-.*\\.txz")))
                    .containsExactlyInAnyOrder(
                            "postgres-linux-x86_64.txz",
                            "postgres-linux-arm_64.txz",
                            "postgres-linux-x86_64-alpine_linux.txz",
                            // universal, for Intel and Apple silicon: see the next test
                            "postgres-darwin-x86_64.txz",
                            "postgres-windows-x86_64.txz");
        }
    }

    @Test
    void macBinaries_areUniversal_soTheyRunNativelyOnIntelAndAppleSilicon() throws IOException {
        Map<String, Set<Integer>> machOFiles = new TreeMap<>();
        try (var jar = new ZipFile(JAR.toFile());
                var tar = new TarArchiveInputStream(
                        new XZInputStream(jar.getInputStream(jar.getEntry("postgres-darwin-x86_64.txz"))))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName();
                if (entry.isFile() && entry.getSize() >= 8) {
                    cpuTypes(new DataInputStream(tar)).ifPresent(types -> machOFiles.put(name, types));
                }
            }
        }
        assertThat(machOFiles).containsKeys("bin/postgres", "bin/initdb", "bin/pg_ctl");
        assertThat(machOFiles)
                .allSatisfy((file, types) -> assertThat(types).as(file).contains(CPU_X86_64, CPU_ARM64));
    }

    /** The CPU types of a Mach-O file (one for a thin file, several for a universal one), or empty if not one. */
    private static Optional<Set<Integer>> cpuTypes(DataInputStream file) throws IOException {
        int magic = file.readInt();
        if (magic == 0xcafebabe) {
            int architectures = file.readInt();
            Set<Integer> types = new HashSet<>();
            for (int i = 0; i < architectures; i++) {
                types.add(file.readInt());
                file.skipBytes(16); // subtype, offset, size, alignment
            }
            return Optional.of(types);
        }
        if (magic == 0xcffaedfe || magic == 0xfeedfacf) {
            // thin 64-bit: the CPU type follows the magic, in the file's byte order
            int type = file.readInt();
            return Optional.of(Set.of(magic == 0xfeedfacf ? type : Integer.reverseBytes(type)));
        }
        return Optional.empty();
    }
}
