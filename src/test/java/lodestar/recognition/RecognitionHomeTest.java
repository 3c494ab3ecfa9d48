package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Home tab, /kudos me and /kudos top agree with what was given. */
class RecognitionHomeTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static String home(String userId) {
        harness.slack().reset();
        var event = new ObjectMapper()
                .createObjectNode()
                .put("type", "app_home_opened")
                .put("user", userId)
                .put("tab", "home")
                .put("event_ts", "1.1");
        harness.send().event(event);
        return FakeSlack.allText(harness.slack().only("views.publish").params().path("view"));
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
}
