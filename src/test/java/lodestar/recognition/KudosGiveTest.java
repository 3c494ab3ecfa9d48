package lodestar.recognition;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;
import lodestar.testing.SlackRequests.Reply;
import org.junit.jupiter.api.Test;

/**
 * Giving kudos with {@code /kudos}: the public post, the recipients' DMs and the giver's confirmation, with no
 * Web API call before the ack; a request Slack sends again is done once.
 */
class KudosGiveTest extends KudosFixture {
    @Test
    void kudos_isPostedPublicly_recipientsGetADm_andTheGiverAConfirmation() {
        var reply = kudos(
                mention(BOB) + " <@" + CAROL + "> #ownership Stayed late to fix Acme's export before"
                        + " their board meeting",
                ALICE);

        assertThat(reply.status()).isEqualTo(200);
        var post = postsIn(CHANNEL);
        assertThat(post).hasSize(1);
        assertThat(FakeSlack.allText(post.get(0).params()))
                .contains(
                        "<@" + ALICE + ">",
                        "<@" + BOB + ">",
                        "<@" + CAROL + ">",
                        "#ownership",
                        "Stayed late to fix Acme's export before their board meeting");
        assertThat(postsIn(BOB))
                .singleElement()
                .satisfies(dm -> assertThat(dm.text("text"))
                        .contains("<@" + ALICE + "> gave you kudos", "#ownership", "See the post"));
        assertThat(postsIn(CAROL)).hasSize(1);
        assertThat(answer()).contains("Kudos sent to", "You have *3* of 5 kudos left this week", "Undo");
    }

    @Test
    void aLinkWithAnAnchorInTheReason_isNoValue_andTheKudosIsGiven() {
        kudos(
                mention(BOB)
                        + " Rewrote <https://acme.example/help#billing|the billing help> and acme.example/#pricing",
                ALICE);

        assertThat(answer()).contains("Kudos sent to").doesNotContain("isn't one of our values");
        assertThat(postsIn(CHANNEL)).hasSize(1);
    }

    @Test
    void recognitionChannel_isWherePostsGo() {
        cx("channel kudos <#C0KUDOS|kudos>");

        kudos(mention(BOB) + " Answered the Acme escalation within minutes", ALICE);

        assertThat(postsIn("C0KUDOS")).hasSize(1);
        assertThat(postsIn(CHANNEL)).isEmpty();
    }

    @Test
    void inADmWithoutARecognitionChannel_theGiverIsToldToSetOne() {
        harness.send().command("/kudos", mention(BOB) + " Answered the Acme escalation fast", ALICE, "D0ALICE");

        assertThat(answer()).contains("none is set yet", "/cx channel kudos #channel");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void valuesMatchWhateverTheirCase_andTagsInTheReasonCount() {
        kudos(mention(BOB) + " #EMPATHY Listened to the customer first and #Ownership after", ALICE);

        var kudos =
                harness.app().recognition().service().find(FakeSlack.TEAM, 1).orElseThrow();
        assertThat(kudos.values()).containsExactlyInAnyOrder("empathy", "ownership");
    }

    @Test
    void valuesAreListedInOneOrder_inThePostAndWhenReadBack_whateverTheDatabasesCollation() {
        cx("values add coat — Keep the customer warm");
        cx("values add Co-op — Build it with the customer");

        kudos(mention(BOB) + " #coat #co-op Planned Acme's launch with them", ALICE);

        var kudos =
                harness.app().recognition().service().find(FakeSlack.TEAM, 1).orElseThrow();
        // by code point ("C" < "c"); a language's collation would put "coat" first, ignoring case and the hyphen
        assertThat(kudos.values()).containsExactly("Co-op", "coat");
        String post = FakeSlack.allText(postsIn(CHANNEL).get(0).params());
        assertThat(post.indexOf("#Co-op")).isNotNegative().isLessThan(post.indexOf("#coat"));
    }

    @Test
    void leadersKudos_isMarked() {
        cx("leaders add " + mention(ALICE));

        kudos(mention(BOB) + " Turned an angry renewal call around", ALICE);
        kudos(mention(ALICE) + " Turned an angry renewal call around", BOB);

        var service = harness.app().recognition().service();
        assertThat(service.find(FakeSlack.TEAM, 1).orElseThrow().byLeader()).isTrue();
        assertThat(service.find(FakeSlack.TEAM, 2).orElseThrow().byLeader()).isFalse();
    }

    @Test
    void broadcastMentionInTheReason_cannotPing() {
        kudos(mention(BOB) + " Told <!channel> and @here about the fix for Acme", ALICE);

        var post = FakeSlack.allText(postsIn(CHANNEL).get(0).params());
        assertThat(post).doesNotContain("<!channel>", "@here").contains("Told @\u2060channel");
    }

    @Test
    void sameRequestRetried_recordsOneKudos() {
        String body = harness.send().commandBody("/kudos", mention(BOB) + " Fixed the export for Acme", ALICE);

        harness.send().post(body, "application/x-www-form-urlencoded", Instant.now(), SlackRequests.SIGNING_SECRET);
        harness.send().post(body, "application/x-www-form-urlencoded", Instant.now(), SlackRequests.SIGNING_SECRET);

        assertThat(storedKudos()).isEqualTo(1);
        assertThat(postsIn(CHANNEL)).hasSize(1);
    }

    @Test
    void postThatFails_isStillRecorded_andTheGiverLearnsWhy() {
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().startsWith("C")
                                ? JSON.createObjectNode().put("ok", false).put("error", "is_archived")
                                : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

        assertThat(storedKudos()).isEqualTo(1);
        assertThat(answer()).contains("couldn't post it", "archived");
        assertThat(postsIn(BOB)).hasSize(1);
    }

    @Test
    void give_makesNoWebApiCallBeforeTheResponse() {
        harness.holdAfterAck();

        var reply = kudos(mention(BOB) + " Fixed the export for Acme", ALICE);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.slack().calls()).isEmpty();
        assertThat(harness.runAfterAck()).isPositive();
        assertThat(postsIn(CHANNEL)).hasSize(1);
        assertThat(answer()).contains("Kudos sent to <@" + BOB + ">");
    }

    @Test
    void kudosAlone_opensTheModalOnlyAfterTheResponse() {
        harness.holdAfterAck();

        kudos("", ALICE);

        assertThat(harness.slack().calls()).isEmpty();
        harness.runAfterAck();
        assertThat(harness.slack()
                        .only("views.open")
                        .params()
                        .path("view")
                        .path("callback_id")
                        .asText())
                .isEqualTo("kudos_modal");
    }

    @Test
    void meTopAndRemove_makeNoWebApiCallBeforeTheResponse() {
        harness.holdAfterAck();

        kudos("me", ALICE);
        kudos("top month", ALICE);
        kudos("remove 1", ADMIN);

        assertThat(harness.slack().calls()).isEmpty();
        harness.runAfterAck();
        assertThat(harness.slack().calls("response_url")).hasSize(3);
    }

    private Reply sendTwice(String text) {
        String body = harness.send().commandBody("/kudos", text, ALICE);
        harness.send().post(body, "application/x-www-form-urlencoded", Instant.now(), SlackRequests.SIGNING_SECRET);
        // a retry is signed anew, later: the same signature again would be refused as a replay
        return harness.send()
                .post(
                        body,
                        "application/x-www-form-urlencoded",
                        Instant.now().plusSeconds(1),
                        SlackRequests.SIGNING_SECRET);
    }

    @Test
    void retryAfterAFailedPost_isDoneOnce_andTheAnswerDoesNotClaimItWasPosted() {
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals(CHANNEL)
                                ? JSON.createObjectNode().put("ok", false).put("error", "is_archived")
                                : JSON.createObjectNode().put("ok", true).put("ts", "1.2"));

        sendTwice(mention(BOB) + " Fixed the export for Acme");

        assertThat(storedKudos()).isEqualTo(1);
        assertThat(harness.slack().calls("response_url"))
                .as("the retry is not done again")
                .hasSize(1);
        assertThat(answer()).contains("couldn't post it in <#" + CHANNEL + ">").doesNotContain("Posted in");
    }

    @Test
    void retryAfterASuccessfulPost_saysWhereItWasPosted() {
        sendTwice(mention(BOB) + " Fixed the export for Acme");

        assertThat(postsIn(CHANNEL)).hasSize(1);
        assertThat(harness.slack().calls("response_url"))
                .as("the retry is not done again")
                .hasSize(1);
        assertThat(answer()).contains("Posted in <#" + CHANNEL + ">");
    }
}
