package lodestar.recognition;

import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.time.Duration;
import lodestar.delivery.SlackLimits;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import lodestar.testing.CommitSettings;
import lodestar.testing.Harness;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A give the inbox recorded before its ack commits without waiting for the disk: the inbox does it again if a crash of
 * the database server loses it. A form's give recorded before its ack, which nothing else keeps, waits. On a session
 * that commits synchronously, as a PostgreSQL server does by default.
 */
class KudosCommitsTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    @Test
    void aGiveFromTheInboxDoesNotWaitForTheDisk_aFormsGiveBeforeItsAckDoes() throws Exception {
        var config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(harness.slack().apiUrl());
        try (var client = Slack.getInstance(config);
                var users = new SlackUsers(new SlackApi(client, "xoxb-test-token", duration -> {}), Duration.ZERO);
                var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            var service = new RecognitionService(
                    dsl, harness.app().workspace().service(), users, SlackLimits.unpaced(), harness.clock());
            try (var commits = CommitSettings.note(dsl, "kudos", "idempotency_key")) {
                var fromInbox = service.giveFromInbox(RecognitionServiceTest.request(BOB, "commits:inbox"));
                var beforeAck = service.giveWithin(
                        RecognitionServiceTest.request(CAROL, "commits:form"), Duration.ofSeconds(2));

                assertThat(fromInbox).isInstanceOf(GiveResult.Given.class);
                assertThat(beforeAck).containsInstanceOf(GiveResult.Given.class);
                assertThat(commits.of("commits:inbox")).containsExactly("off");
                assertThat(commits.of("commits:form")).containsExactly("on");
            }
        }
    }
}
