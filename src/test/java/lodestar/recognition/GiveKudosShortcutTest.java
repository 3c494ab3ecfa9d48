package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Give kudos" on a message opens the form before anything else, because its trigger lapses 3 seconds after the
 * click; the link to the message, which may wait out a rate limit, is added to the open form.
 */
class GiveKudosShortcutTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void giveKudosOnBobsMessage() {
        harness.send().messageShortcut(ALICE, "give_kudos", "C0SUPPORT", "1700000000.000200", BOB, "Fixed!");
    }

    private static List<String> viewsAndPermalinks() {
        return harness.slack().calls().stream()
                .map(FakeSlack.Call::method)
                .filter(method -> method.startsWith("views.") || method.equals("chat.getPermalink"))
                .toList();
    }

    @Test
    void theFormOpensFirst_thenTheLinkIsAddedToIt() {
        harness.slack().answer("views.open", params -> {
            var ok = JSON.createObjectNode().put("ok", true);
            ok.putObject("view").put("id", "V0KUDOS");
            return ok;
        });

        giveKudosOnBobsMessage();

        assertThat(viewsAndPermalinks()).containsExactly("views.open", "chat.getPermalink", "views.update");
        var opened = harness.slack().only("views.open").params().path("view");
        assertThat(opened.findValue("initial_users").get(0).asText()).isEqualTo(BOB);
        assertThat(opened.path("private_metadata").asText()).doesNotContain("https://");
        var update = harness.slack().only("views.update").params();
        assertThat(update.path("view_id").asText()).isEqualTo("V0KUDOS");
        assertThat(update.path("view").findValue("initial_users").get(0).asText())
                .isEqualTo(BOB);
        assertThat(update.path("view").path("private_metadata").asText())
                .contains("https://acme.slack.com/archives/C0SUPPORT/p1700000000000200");
    }

    @Test
    void rateLimitedPermalink_doesNotDelayTheForm() {
        harness.slack().failNext("chat.getPermalink", 429, Map.of("Retry-After", "5"), "{\"ok\":false}");

        giveKudosOnBobsMessage();

        assertThat(viewsAndPermalinks())
                .containsExactly("views.open", "chat.getPermalink", "chat.getPermalink", "views.update");
        assertThat(harness.sleeps()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void aFormThatDidNotOpen_isLeftAlone() {
        harness.slack()
                .answer(
                        "views.open",
                        params -> JSON.createObjectNode().put("ok", false).put("error", "expired_trigger_id"));

        giveKudosOnBobsMessage();

        assertThat(viewsAndPermalinks()).containsExactly("views.open");
    }
}
