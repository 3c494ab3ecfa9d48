package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The channel kudos are posted in: the bot joins it when it is set, or once when a post finds it is not in it,
 * and where it cannot join, the admin or the giver is told to invite it.
 */
class KudosRecognitionChannelTest extends KudosFixture {
    @Test
    void settingTheChannel_makesTheBotJoinIt() {
        cx("channel kudos <#C0KUDOS|kudos>");

        assertThat(harness.slack().only("conversations.join").text("channel")).isEqualTo("C0KUDOS");
        assertThat(answer()).contains("Kudos will be posted in <#C0KUDOS>", "I've joined it");
    }

    private void privateChannel(boolean botInvited) {
        harness.slack()
                .answer(
                        "conversations.join",
                        params -> JSON.createObjectNode()
                                .put("ok", false)
                                .put("error", "method_not_supported_for_channel_type"));
        harness.slack()
                .answer(
                        "conversations.members",
                        params -> botInvited
                                ? JSON.createObjectNode().put("ok", true).set("members", JSON.createArrayNode())
                                : JSON.createObjectNode().put("ok", false).put("error", "channel_not_found"));
    }

    @Test
    void aPrivateChannelTheBotIsNotIn_theAdminIsToldToInviteTheBot() {
        privateChannel(false);

        cx("channel kudos <#C0SECRET|secret>");

        assertThat(harness.slack().only("conversations.members").text("channel"))
                .isEqualTo("C0SECRET");
        assertThat(answer()).contains("couldn't join it", "/invite @Lodestar");
    }

    @Test
    void aPrivateChannelTheBotWasInvitedTo_isNotReportedAsUnjoinable() {
        privateChannel(true);

        cx("channel kudos <#C0SECRET|secret>");

        assertThat(answer())
                .contains("Kudos will be posted in <#C0SECRET>", "I'm already in it", "reactions on kudos count")
                .doesNotContain("couldn't join", "/invite", "I've joined");
    }

    @Test
    void aPublicChannelThatCannotBeJoined_isReportedWithoutAMembershipCheck() {
        harness.slack()
                .answer(
                        "conversations.join",
                        params -> JSON.createObjectNode().put("ok", false).put("error", "missing_scope"));

        cx("channel kudos <#C0KUDOS|kudos>");

        assertThat(harness.slack().calls("conversations.members")).isEmpty();
        assertThat(answer()).contains("couldn't join it", "missing_scope", "/invite @Lodestar");
    }

    @Test
    void postingInTheRecognitionChannel_makesNoJoinCall() {
        cx("channel kudos <#C0KUDOS|kudos>");
        harness.slack().reset();

        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
        kudos(mention(CAROL) + " Fixed the import for Acme", ALICE);

        assertThat(postsIn("C0KUDOS")).hasSize(2);
        assertThat(harness.slack().calls("conversations.join")).isEmpty();
    }

    @Test
    void notInChannel_theBotJoinsOnce_andPostsAgainOnce() {
        cx("channel kudos <#C0KUDOS|kudos>");
        harness.slack().reset();
        var firstPost = new java.util.concurrent.atomic.AtomicBoolean(true);
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals("C0KUDOS") && firstPost.getAndSet(false)
                                ? JSON.createObjectNode().put("ok", false).put("error", "not_in_channel")
                                : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

        var calls = harness.slack().calls();
        var posts = postsIn("C0KUDOS");
        int join = calls.indexOf(harness.slack().only("conversations.join"));
        assertThat(calls.get(join).text("channel")).isEqualTo("C0KUDOS");
        assertThat(posts).hasSize(2);
        assertThat(calls.indexOf(posts.get(0))).isLessThan(join);
        assertThat(calls.lastIndexOf(posts.get(1))).isGreaterThan(join);
        assertThat(answer()).contains("Posted in <#C0KUDOS>").doesNotContain("couldn't post it");
    }

    @Test
    void joinThatFails_isTriedOnce_andThePostIsNotRetried() {
        harness.slack()
                .answer(
                        "conversations.join",
                        params -> JSON.createObjectNode().put("ok", false).put("error", "missing_scope"));
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals("C0NOSCOPE")
                                ? JSON.createObjectNode().put("ok", false).put("error", "not_in_channel")
                                : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

        harness.send().command("/kudos", mention(BOB) + " Fixed the export for Acme", ALICE, "C0NOSCOPE");

        assertThat(harness.slack().only("conversations.join").text("channel")).isEqualTo("C0NOSCOPE");
        assertThat(postsIn("C0NOSCOPE")).hasSize(1);
        assertThat(harness.sleeps()).isEmpty();
        assertThat(answer()).contains("couldn't post it", "/invite @Lodestar");
    }

    @Test
    void fallbackChannel_isJoinedAfterTheFirstPostThere_andNotAgain() {
        harness.send().command("/kudos", mention(BOB) + " Fixed the export for Acme", ALICE, "C0FALLBACK");
        harness.send().command("/kudos", mention(CAROL) + " Fixed the import for Acme", ALICE, "C0FALLBACK");

        var calls = harness.slack().calls();
        var join = harness.slack().only("conversations.join");
        assertThat(join.text("channel")).isEqualTo("C0FALLBACK");
        assertThat(calls.indexOf(postsIn("C0FALLBACK").get(0))).isLessThan(calls.indexOf(join));
        assertThat(postsIn("C0FALLBACK")).hasSize(2);
    }

    @Test
    void aPrivateChannelTheBotIsNotIn_theGiverIsToldToInviteIt() {
        harness.slack()
                .answer(
                        "conversations.join",
                        params -> JSON.createObjectNode()
                                .put("ok", false)
                                .put("error", "method_not_supported_for_channel_type"));
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals(CHANNEL)
                                ? JSON.createObjectNode().put("ok", false).put("error", "not_in_channel")
                                : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

        assertThat(answer()).contains("couldn't post it", "/invite @Lodestar");
        assertThat(storedKudos()).isEqualTo(1);
    }
}
