package lodestar.recognition;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/** Reading kudos back: {@code /kudos me}, {@code top} and {@code help}, and the reactions a kudos post gets. */
class KudosReadingBackTest extends KudosFixture {
    @Test
    void me_showsReceivedGivenByValue_andRemainingAllowance() {
        kudos(mention(BOB) + " #ownership Fixed the export for Acme", ALICE);
        kudos(mention(BOB) + " #empathy #ownership Calmed the Acme CFO down", CAROL);
        kudos(mention(ALICE) + " #empathy Helped me with the Acme call", BOB);
        harness.slack().reset();

        kudos("me", BOB);

        assertThat(answer())
                .contains("Received: *2* (#ownership 2, #empathy 1)", "Given: *1* (#empathy 1)", "*4* of 5");
    }

    @Test
    void top_showsPeopleAndValues() {
        kudos(mention(BOB) + " " + mention(CAROL) + " #ownership Fixed the export for Acme", ALICE);
        kudos(mention(BOB) + " #empathy Calmed the Acme CFO down", CAROL);
        harness.slack().reset();

        kudos("top week", ALICE);

        assertThat(answer())
                .contains("1. <@" + BOB + "> — 2", "2. <@" + CAROL + "> — 1", "`#empathy` — 1", "`#ownership` — 1");
    }

    @Test
    void leaderboardOff_showsOnlyValues() {
        kudos(mention(BOB) + " #ownership Fixed the export for Acme", ALICE);
        cx("leaderboard off");
        harness.slack().reset();

        kudos("top", ALICE);

        assertThat(answer()).contains("turned off", "`#ownership` — 1").doesNotContain("<@" + BOB + ">");
    }

    @Test
    void withdrawnKudos_stopCounting() {
        kudos(mention(BOB) + " #ownership Fixed the export for Acme", ALICE);
        kudos("remove 1", ADMIN);
        harness.slack().reset();

        kudos("me", BOB);

        assertThat(answer()).contains("Received: *0*");
    }

    @Test
    void unknownPeriod_isExplained() {
        assertThat(kudos("top decade", ALICE).text()).contains("/kudos top week");
    }

    @Test
    void help_explainsEveryForm() {
        assertThat(kudos("help", ALICE).text()).contains("/kudos @alice", "/kudos me", "/kudos top", "Give kudos");
    }

    @Test
    void reactionsOnAKudosPost_areCounted_onceEach() {
        kudos(mention(BOB) + " Fixed the export for Acme", ALICE);
        String ts = harness.app()
                .recognition()
                .service()
                .find(FakeSlack.TEAM, 1)
                .orElseThrow()
                .postTs()
                .orElseThrow();

        harness.send().event(reaction("reaction_added", CAROL, "tada", ts));
        harness.send().event(reaction("reaction_added", CAROL, "tada", ts));
        harness.send().event(reaction("reaction_added", BOB, "heart", ts));
        harness.send().event(reaction("reaction_added", BOB, "heart", "999.000"));
        assertThat(harness.app().recognition().service().reactions(1)).isEqualTo(2);

        harness.send().event(reaction("reaction_removed", BOB, "heart", ts));
        assertThat(harness.app().recognition().service().reactions(1)).isEqualTo(1);
    }

    private com.fasterxml.jackson.databind.node.ObjectNode reaction(String type, String user, String emoji, String ts) {
        var event = JSON.createObjectNode()
                .put("type", type)
                .put("user", user)
                .put("reaction", emoji)
                .put("event_ts", "1.1");
        event.putObject("item").put("type", "message").put("channel", CHANNEL).put("ts", ts);
        return event;
    }
}
