package lodestar.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Any request from a workspace records it, so tools such as the quote import know it. */
class WorkspaceRecordedTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static boolean recorded() {
        return harness.app().workspace().service().exists(FakeSlack.TEAM);
    }

    @Test
    void cxHelp_recordsTheWorkspace() {
        assertThat(recorded()).as("emptied before the test").isFalse();

        var reply = harness.send().command("/cx", "help", Users.ALICE);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(recorded()).isTrue();
    }

    @Test
    void kudosHelp_recordsTheWorkspace() {
        harness.send().command("/kudos", "help", Users.ALICE);

        assertThat(recorded()).isTrue();
        assertThat(harness.app().workspace().service().values(FakeSlack.TEAM))
                .as("with the starter values")
                .hasSize(5);
    }
}
