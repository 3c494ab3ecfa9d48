package lodestar.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.FakeSlackFaults;
import lodestar.testing.FakeSlackFaults.Fault;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection: a third of Slack's answers to {@code chat.postMessage}, {@code users.info} and
 * {@code conversations.open} fail (429 with Retry-After, 500, 503) while 20 people each give a kudos. Within 5 minutes
 * of the failures stopping every kudos is posted exactly once and DMed to its recipient once, and every giver heard
 * something true. With {@code -Dlodestar.soak.minutes=N} it repeats with new seeds for N minutes and reports sent,
 * delivered, duplicated and lost (README, "Soak").
 */
@Tag("faults")
class KudosFaultsTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final int GIVERS = 20;
    private static final String CHANNEL = SlackRequests.CHANNEL;

    /** What one round came to. */
    record Round(int given, int posted, int duplicated, int dmsMissing, int dmsDuplicated, int misled) {
        int lost() {
            return given - posted + dmsMissing;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aThirdOfSlackFailing_everyKudosIsPostedAndDmedOnce_andNobodyIsMisled(long seed) {
        var soak = Duration.ofMinutes(Long.getLong("lodestar.soak.minutes", 0));
        var until = System.nanoTime() + soak.toNanos();
        List<Round> rounds = new ArrayList<>();
        long round = seed;
        do {
            rounds.add(round(round));
            round += 1_000;
        } while (System.nanoTime() < until);
        if (!soak.isZero()) {
            System.out.printf(
                    "Soak of kudos: %d rounds, sent %d, delivered %d, duplicated %d, lost %d, DMs lost %d,"
                            + " DMs duplicated %d, givers misled %d%n",
                    rounds.size(),
                    rounds.stream().mapToInt(Round::given).sum(),
                    rounds.stream().mapToInt(Round::posted).sum(),
                    rounds.stream().mapToInt(Round::duplicated).sum(),
                    rounds.stream().mapToInt(Round::lost).sum(),
                    rounds.stream().mapToInt(Round::dmsMissing).sum(),
                    rounds.stream().mapToInt(Round::dmsDuplicated).sum(),
                    rounds.stream().mapToInt(Round::misled).sum());
        }
        assertThat(rounds).allSatisfy(r -> assertThat(r).isEqualTo(new Round(GIVERS, GIVERS, 0, 0, 0, 0)));
    }

    /**
     * Every kind of fault the fake knows, posts included that Slack took but whose answer was lost (then the post is
     * found in the channel by its metadata, not posted again), dropped connections and slow answers.
     */
    @ParameterizedTest
    @ValueSource(longs = {7})
    void everyKindOfFault_includingPostsSlackTookWhoseAnswerWasLost_noKudosIsLostOrDoubled(long seed) {
        assertThat(round(seed, EnumSet.allOf(Fault.class))).isEqualTo(new Round(GIVERS, GIVERS, 0, 0, 0, 0));
    }

    private static Round round(long seed) {
        return round(seed, FakeSlackFaults.DEFAULT);
    }

    private static Round round(long seed, Set<Fault> faults) {
        TestDatabase.get().truncate();
        harness.app().workspace().forgetRecordedWorkspaces(); // their rows are gone
        harness.slack().reset();
        var slack = harness.slack();
        List<String> people = new ArrayList<>();
        for (int i = 1; i <= GIVERS; i++) {
            String id = String.format("U0G%02d", i);
            people.add(id);
            slack.addUser(id, user -> {});
        }
        slack.failRandomly(
                0.33, seed, faults, Duration.ofMillis(300), "chat.postMessage", "users.info", "conversations.open");

        for (int i = 0; i < GIVERS; i++) {
            String recipient = people.get((i + 1) % GIVERS);
            harness.send()
                    .command("/kudos", "<@" + recipient + "> #ownership Stayed late for customer " + i, people.get(i));
        }
        assertThat(slack.faultsInjected()).as("faults were injected").isPositive();
        slack.stopFailing();
        var stopped = harness.clock().instant();
        for (var at = stopped; !at.isAfter(stopped.plus(Duration.ofMinutes(5))); at = at.plusSeconds(30)) {
            harness.clock().set(at);
            harness.app().courier().drain();
        }

        var posts = slack.history(CHANNEL);
        var outboxIds = new HashSet<String>();
        posts.forEach(post -> outboxIds.add(post.path("metadata").toString()));
        int given = TestDatabase.get().database().dsl().fetchCount(Tables.KUDOS);
        int recorded = TestDatabase.get().database().dsl().fetchCount(Tables.KUDOS, Tables.KUDOS.POST_TS.isNotNull());
        int dmsMissing = 0;
        int dmsDuplicated = 0;
        for (String person : people) {
            int dms = slack.history(person).size();
            dmsMissing += dms == 0 ? 1 : 0;
            dmsDuplicated += Math.max(0, dms - 1);
        }
        var answers = slack.calls("response_url").stream()
                .map(call -> FakeSlack.allText(call.params()))
                .toList();
        int misled = (int) answers.stream()
                        .filter(text -> text.contains("may have left") || text.contains("doesn't know"))
                        .count()
                + Math.max(0, GIVERS - answers.size());
        return new Round(
                given,
                Math.min(recorded, outboxIds.size()),
                posts.size() - outboxIds.size(),
                dmsMissing,
                dmsDuplicated,
                misled);
    }
}
