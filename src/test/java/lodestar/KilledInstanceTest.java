package lodestar;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.db.schema.Tables;
import lodestar.quotes.QuoteDraft;
import lodestar.quotes.QuoteOutcome;
import lodestar.quotes.Sentiment;
import lodestar.recognition.GiveRequest;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.OtherInstance;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances on one database: the other one, in its own JVM, takes a message from the outbox (a kudos post, a
 * quote, a leader's digest, a survey's results), Slack accepts its
 * post, and it is killed with SIGKILL before it can record it. The surviving instance, once the dead one's claim has
 * lapsed, finds the post in the channel by its metadata and records it: posted once, never twice.
 */
class KilledInstanceTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final String CHANNEL = "C0KILLED";
    private static final Actor ADMIN_ACTOR = new Actor(FakeSlack.TEAM, null, ADMIN);

    /** The other instance posts what is waiting; it is killed as soon as Slack has accepted the post. */
    private static void otherInstancePostsAndIsKilled() throws Exception {
        otherInstancePostsAndIsKilled(CHANNEL);
    }

    private static void otherInstancePostsAndIsKilled(String channel) throws Exception {
        try (var accepted = harness.slack().holdAfterAccepting("chat.postMessage");
                var other = OtherInstance.start(harness.slack())) {
            harness.slack().awaitCalls("chat.postMessage", 1, Duration.ofMinutes(1));
            other.kill();
        }
        assertThat(postsIn(channel)).as("the dead instance's post").hasSize(1);
    }

    /** The surviving instance, after the dead one's claim lapsed (the other JVM ran on the system clock). */
    private static void survivorDelivers() {
        harness.clock().set(Instant.now().plus(Duration.ofMinutes(3)));
        harness.app().courier().drain();
    }

    private static List<FakeSlack.Call> postsIn(String channel) {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(channel))
                .toList();
    }

    @Test
    void kudosPost() throws Exception {
        harness.app()
                .recognition()
                .service()
                .giveFromInbox(new GiveRequest(
                        new Actor(FakeSlack.TEAM, null, ALICE),
                        List.of(BOB),
                        List.of(),
                        "Stayed late to fix Acme's export before their board meeting",
                        Optional.empty(),
                        Optional.empty(),
                        CHANNEL,
                        "killed-instance",
                        Optional.empty()));

        otherInstancePostsAndIsKilled();
        survivorDelivers();

        assertThat(postsIn(CHANNEL)).hasSize(1);
        String ts = harness.slack().history(CHANNEL).get(0).path("ts").asText();
        assertThat(TestDatabase.get().database().dsl().fetchValue(Tables.KUDOS.POST_TS))
                .isEqualTo(ts);
        assertThat(postsIn(BOB)).as("the DM, once, after the post was found").hasSize(1);
    }

    @Test
    void quotePost() throws Exception {
        var quotes = harness.app().quotes().service();
        quotes.add(
                ADMIN_ACTOR,
                new QuoteDraft(
                        "The new export saved my team a full day every month-end.",
                        Optional.of(Sentiment.PRAISE),
                        Optional.empty(),
                        Optional.of("a customer"),
                        Optional.empty(),
                        List.of(),
                        Optional.empty()));
        var claimed = (QuoteOutcome.Claimed) quotes.claimNext(FakeSlack.TEAM, CHANNEL, Optional.empty());

        otherInstancePostsAndIsKilled();
        survivorDelivers();

        assertThat(postsIn(CHANNEL)).hasSize(1);
        String ts = harness.slack().history(CHANNEL).get(0).path("ts").asText();
        assertThat(TestDatabase.get()
                        .database()
                        .dsl()
                        .select(Tables.QUOTE_POST.POST_TS)
                        .from(Tables.QUOTE_POST)
                        .where(Tables.QUOTE_POST.ID.eq(claimed.postId()))
                        .fetchOne(0, String.class))
                .isEqualTo(ts);
    }

    @Test
    void digestDm() throws Exception {
        harness.send().command("/cx", "leaders add <@" + ALICE + ">", ADMIN);
        var today = LocalDate.now(ZoneId.of("Europe/London")).getDayOfWeek();
        harness.send().command("/cx", "digest schedule " + today.name().toLowerCase(Locale.ROOT) + " 00:00", ADMIN);
        TestDatabase.get()
                .database()
                .dsl()
                .execute("update workspace_role set added_at = added_at - interval '8 days'");

        otherInstancePostsAndIsKilled(ALICE); // its digest job runs as it starts
        survivorDelivers();
        harness.app().digest().deliver();

        assertThat(postsIn(ALICE)).as("Alice's digest, once").hasSize(1);
        assertThat(harness.slack().calls("conversations.history"))
                .as("looked for in her DM")
                .isNotEmpty();
    }

    @Test
    void pulseResults() throws Exception {
        var people = List.of(ALICE, BOB, lodestar.testing.Users.CAROL);
        harness.slack().setMembers(CHANNEL, people);
        var pulse = harness.app().pulse().service();
        var created = (lodestar.pulse.PulseService.Created.Done) pulse.create(
                ADMIN_ACTOR,
                new lodestar.pulse.SeriesDraft(
                        Optional.of(lodestar.pulse.Template.ENPS),
                        "",
                        Optional.of(lodestar.pulse.Series.Audience.CHANNEL),
                        Optional.of(CHANNEL),
                        true,
                        3,
                        1,
                        lodestar.pulse.Recurrence.ONCE,
                        Optional.empty(),
                        java.time.LocalTime.of(9, 0),
                        ZoneId.of("UTC")));
        harness.app().pulse().tick(); // opens it and posts the survey, a week before the other JVM's clock
        var run = pulse.runs(created.series().id()).get(0);
        for (String person : people) {
            pulse.answer(new Actor(FakeSlack.TEAM, null, person), run.id(), 1, 10, null);
        }
        harness.slack().reset();
        harness.slack().setMembers(CHANNEL, people);

        otherInstancePostsAndIsKilled(); // its pulse clockwork closes the run and posts its results as it starts
        survivorDelivers();
        harness.app().pulse().tick();

        assertThat(postsIn(CHANNEL))
                .as("the results, once")
                .singleElement()
                .satisfies(post -> assertThat(post.text("text")).contains("Results"));
    }
}
