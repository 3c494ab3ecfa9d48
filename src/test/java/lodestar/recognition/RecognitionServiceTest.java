package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rules that must hold under races, tested on the service with real threads and the real database. */
class RecognitionServiceTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final Actor GIVER = new Actor(FakeSlack.TEAM, null, ALICE);

    /** Alice thanks {@code recipient} for customer-first work, in a request keyed {@code key}. */
    static GiveRequest request(String recipient, String key) {
        return new GiveRequest(
                GIVER,
                List.of(recipient),
                List.of("ownership"),
                "Fixed the Acme export overnight",
                Optional.empty(),
                Optional.empty(),
                SlackRequests.CHANNEL,
                key,
                Optional.empty());
    }

    private static List<GiveResult> concurrently(List<Callable<GiveResult>> gives) throws Exception {
        var pool = Executors.newFixedThreadPool(gives.size());
        try {
            List<GiveResult> results = new ArrayList<>();
            for (Future<GiveResult> future : pool.invokeAll(gives)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentGivesBySameGiver_neverExceedTheAllowance() throws Exception {
        var service = harness.app().recognition().service();
        List<Callable<GiveResult>> gives = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "race-" + i;
            String recipient = i % 2 == 0 ? BOB : CAROL;
            gives.add(() -> service.giveFromInbox(request(recipient, key)));
        }

        var results = concurrently(gives);

        assertThat(results.stream().filter(GiveResult.Given.class::isInstance)).hasSize(5);
        assertThat(results.stream().filter(GiveResult.Rejected.class::isInstance))
                .hasSize(5);
        assertThat(TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.KUDOS))
                .isEqualTo(5);
    }

    @Test
    void sameRequestConcurrently_recordsOneKudos() throws Exception {
        var service = harness.app().recognition().service();
        List<Callable<GiveResult>> gives = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            gives.add(() -> service.giveFromInbox(request(BOB, "same-key")));
        }

        var results = concurrently(gives);

        assertThat(results).allMatch(GiveResult.Given.class::isInstance);
        assertThat(results.stream().filter(result -> !((GiveResult.Given) result).repeated()))
                .hasSize(1);
        assertThat(TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.KUDOS))
                .isEqualTo(1);
    }

    @Test
    void aKudosJustGiven_isTheKudosReadBack() {
        var service = harness.app().recognition().service();
        var request = new GiveRequest(
                GIVER,
                List.of(CAROL, BOB),
                List.of("ownership", "empathy"),
                "Fixed the Acme export overnight",
                Optional.empty(),
                Optional.empty(),
                SlackRequests.CHANNEL,
                "read-back",
                Optional.empty());

        var given = (GiveResult.Given) service.giveFromInbox(request);

        var readBack = service.find(FakeSlack.TEAM, given.kudos().id()).orElseThrow();
        assertThat(given.kudos().recipients()).containsExactly(BOB, CAROL);
        assertThat(given.kudos().values()).containsExactly("empathy", "ownership");
        assertThat(given.kudos())
                .usingRecursiveComparison()
                .ignoringFields("postTs")
                .isEqualTo(readBack);
    }

    @Test
    void aGiveSentAgain_answersAsItDidTheFirstTime_evenOnceTheAllowanceIsUsedUp() {
        var service = harness.app().recognition().service();
        var first = (GiveResult.Given) service.giveFromInbox(request(BOB, "again-1"));
        for (int i = 2; i <= 5; i++) {
            assertThat(service.giveFromInbox(request(CAROL, "again-" + i))).isInstanceOf(GiveResult.Given.class);
        }

        var firstAgain = (GiveResult.Given) service.giveFromInbox(request(BOB, "again-1"));
        var fresh = service.giveFromInbox(request(BOB, "again-6"));

        assertThat(firstAgain.repeated()).isTrue();
        assertThat(firstAgain.post()).isEmpty();
        assertThat(firstAgain.kudos().id()).isEqualTo(first.kudos().id());
        assertThat(firstAgain.remaining().left()).isZero();
        assertThat(first.repeated()).isFalse();
        assertThat(first.post()).isPresent();
        assertThat(fresh).isInstanceOf(GiveResult.Rejected.class);
        assertThat(TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.KUDOS))
                .isEqualTo(5);
    }
}
