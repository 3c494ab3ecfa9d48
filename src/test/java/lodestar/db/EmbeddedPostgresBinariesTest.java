package lodestar.db;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Which of the jar's PostgreSQL archives the embedded database unpacks on each platform. */
class EmbeddedPostgresBinariesTest {
    @Test
    void onAppleSilicon_theUniversalMacArchiveIsUsed_withoutAWarningAboutEmulation() throws Exception {
        var zonky = (Logger) LoggerFactory.getLogger(DefaultPostgresBinaryResolver.class);
        var logged = new ListAppender<ILoggingEvent>();
        logged.start();
        zonky.addAppender(logged);
        try (var archive = EmbeddedPostgres.BINARIES.getPgBinary("Darwin", "aarch64");
                var universal = EmbeddedPostgres.class.getResourceAsStream("/postgres-darwin-x86_64.txz")) {
            assertThat(archive).hasSameContentAs(universal);
        } finally {
            zonky.detachAppender(logged);
        }
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void onLinuxArm_theArmArchiveIsUsed() throws Exception {
        try (var archive = EmbeddedPostgres.BINARIES.getPgBinary("Linux", "aarch64");
                var arm = EmbeddedPostgres.class.getResourceAsStream("/postgres-linux-arm_64.txz")) {
            assertThat(arm).as("the linux arm64 archive is a dependency").isNotNull();
            assertThat(archive).hasSameContentAs(arm);
        }
    }
}
