package lodestar.recognition;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.OWNER;
import static lodestar.testing.Users.PACIFIC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lodestar.slack.SlackText;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Home tab, /kudos me and /kudos top agree with what was given. */
class RecognitionHomeTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static String home(String userId) {
        return FakeSlack.allText(homeView(userId));
    }

    private static JsonNode homeView(String userId) {
        harness.slack().reset();
        var event = new ObjectMapper()
                .createObjectNode()
                .put("type", "app_home_opened")
                .put("user", userId)
                .put("tab", "home")
                .put("event_ts", "1.1");
        harness.send().event(event);
        return harness.slack().only("views.publish").params().path("view");
    }

    private static String respond(String text, String userId) {
        harness.slack().reset();
        harness.send().command("/kudos", text, userId);
        return FakeSlack.allText(harness.slack().only("response_url").params());
    }

    @Test
    void homeMeAndTop_agreeWithWhatWasGiven() {
        harness.send().command("/kudos", "<@" + BOB + "> #ownership Fixed the Acme export overnight", ALICE);
        harness.send().command("/kudos", "<@" + BOB + "> #empathy #ownership Calmed the Acme CFO down", CAROL);

        var home = home(BOB);
        assertThat(home)
                .contains(
                        "Your recognition",
                        "Received: *2* (#ownership 2, #empathy 1)",
                        "*5* of 5",
                        "From <@" + CAROL + ">",
                        "Calmed the Acme CFO down",
                        "Fixed the Acme export overnight");
        assertThat(respond("me", BOB)).contains("Received: *2* (#ownership 2, #empathy 1)", "*5* of 5");
        assertThat(respond("top", BOB)).contains("1. <@" + BOB + "> — 2", "`#ownership` — 2", "`#empathy` — 1");
        assertThat(home(ALICE))
                .contains("Received: *0*", "Given: *1* (#ownership 1)", "*4* of 5", "No kudos received yet");
    }

    @Test
    void recentlyReceived_withEveryValueTaggedOnLongKudos_staysWithinASectionsLimit() {
        var tags = IntStream.range(0, 15)
                .mapToObj(i -> "customer-obsession-" + (char) ('a' + i) + "x".repeat(9))
                .peek(name -> harness.send().command("/cx", "values add " + name + " — A value", ADMIN))
                .map(name -> "#" + name)
                .collect(Collectors.joining(" "));
        for (String giver : List.of(ALICE, CAROL, ADMIN, OWNER, PACIFIC)) {
            harness.send()
                    .command(
                            "/kudos",
                            "<@" + BOB + "> " + tags + " " + "Stayed late to fix the customer's export. ".repeat(10),
                            giver);
        }

        var view = homeView(BOB);

        assertThat(FakeSlack.allText(view)).contains("Received: *5*", "Recently received", "From <@" + PACIFIC + ">");
        for (var block : view.path("blocks")) {
            assertThat(block.path("text").path("text").asText().length())
                    .as(block.toString())
                    .isLessThanOrEqualTo(SlackText.SECTION_TEXT_LIMIT);
        }
    }
}
