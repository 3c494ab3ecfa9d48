package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A form's private_metadata comes back through Slack unchecked: what is not a Slack id or link is dropped, and a form
 * whose metadata is unusable says so instead of failing.
 */
class PrivateMetadataTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"channelId\":\"<!channel>\",\"link\":\"https://evil.example/login|Open the HR portal\"}",
                "{\"channelId\":\"C0GENERAL\",\"link\":\"javascript:alert(1)\"}",
                "{\"channelId\":\"C0GENERAL\",\"link\":\"https://acme.slack.com/x|<!here>\"}",
                "{\"channelId\":\"C0GENERAL\",\"link\":\"https://slack.com.evil.example/archives/C1/p1\"}",
                "{\"quoteId\":\"not a number\"",
                "not json at all"
            })
    void forgedMetadata_isNeverPostedNorStored(String metadata) {
        var state =
                KudosModalFixture.state(List.of(BOB), List.of("ownership"), "Fixed Acme's export before the board", "");

        var reply = harness.send().viewSubmission(ALICE, "kudos_modal", "V9", metadata, state);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.slack().calls())
                .allSatisfy(call -> assertThat(FakeSlack.allText(call.params()))
                        .doesNotContain("<!channel>", "<!here>", "evil.example", "javascript:"));
        var links = TestDatabase.get()
                .database()
                .dsl()
                .select(Tables.KUDOS.MESSAGE_LINK)
                .from(Tables.KUDOS)
                .fetch(0, String.class);
        // without a usable channel the kudos is not given (the giver is told where to set one); never with the link
        assertThat(links).allSatisfy(link -> assertThat(link).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"quoteId\":1,\"channelId\":\"<!channel>\",\"ts\":\"1.1\"}", ""})
    void forgedMetadata_onTheResolveForm_asksToReopenIt(String metadata) throws Exception {
        var state = JSON.createObjectNode();
        state.putObject("note")
                .putObject("note")
                .put("type", "plain_text_input")
                .put("value", "Fixed it");

        var reply = harness.send().viewSubmission(ALICE, "quote_resolve_modal", "V8", metadata, state);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).path("errors").path("note").asText())
                .contains("open it again");
        assertThat(harness.slack().calls("chat.update")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:y", "1", "", "1:2:3"})
    void forgedMetadata_onThePulseCommentForm_asksToClickAgain(String metadata) throws Exception {
        var state = JSON.createObjectNode();
        state.putObject("comment")
                .putObject("comment")
                .put("type", "plain_text_input")
                .put("value", "Fine");

        var reply = harness.send().viewSubmission(ALICE, "pulse_comment_modal", "V7", metadata, state);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(FakeSlack.allText(JSON.readTree(reply.body()).path("view")))
                .contains("click the survey's button again");
    }
}
