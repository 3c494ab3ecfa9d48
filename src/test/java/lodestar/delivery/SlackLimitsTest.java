package lodestar.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Calls spaced to Slack's published rates, per workspace, method and conversation; a Retry-After holds its key. */
class SlackLimitsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SlackLimits limits = new SlackLimits(1, now::get);

    private long waitMillis(String team, String method, String conversation) {
        return limits.reserve(team, method, conversation).toMillis();
    }

    @Test
    void postsInOneConversation_goOneASecond() {
        assertThat(waitMillis("T1", "chat.postMessage", "C1")).isZero();
        assertThat(waitMillis("T1", "chat.postMessage", "C1")).isEqualTo(1010);
        assertThat(waitMillis("T1", "chat.postMessage", "C1")).isEqualTo(2020);
    }

    @Test
    void postsToManyConversations_go300AMinute_andWorkspacesDoNotWaitForEachOther() {
        assertThat(waitMillis("T1", "chat.postMessage", "U1")).isZero();
        assertThat(waitMillis("T1", "chat.postMessage", "U2")).isEqualTo(202);
        assertThat(waitMillis("T1", "chat.postMessage", "U3")).isEqualTo(404);
        assertThat(waitMillis("T2", "chat.postMessage", "U1")).isZero();
        assertThat(SlackLimits.minimumSeconds(5_000)).isCloseTo(999.8, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void messagesPutBackToWaitTheirTurn_comeDueAtTheRates_notAllAtTheNextSlot() {
        assertThat(waitMillis("T1", "chat.postMessage", "C1")).isZero(); // C1 is busy for a second
        // three posts in C1 put back: one a second, from C1's next slot
        assertThat(limits.turn("T1", "chat.postMessage", "C1").toMillis()).isEqualTo(1010);
        assertThat(limits.turn("T1", "chat.postMessage", "C1").toMillis()).isEqualTo(2020);
        assertThat(limits.turn("T1", "chat.postMessage", "C1").toMillis()).isEqualTo(3030);
        for (int i = 0; i < 100; i++) {
            limits.turn("T1", "chat.postMessage", "C1");
        }
        // DMs put back meanwhile are not queued behind C1's posts: only at the workspace's rate
        assertThat(limits.turn("T1", "chat.postMessage", "U1").toMillis()).isEqualTo(1212);
        assertThat(limits.turn("T1", "chat.postMessage", "U2").toMillis()).isEqualTo(1414);
        // planning turns reserves nothing: the next call in another conversation goes at the workspace's rate
        assertThat(waitMillis("T1", "chat.postMessage", "C2")).isEqualTo(202);
    }

    @Test
    void aMessageAboutToBeEnqueued_hasNoTurnToWaitForWhenItsSlotIsFree_elseTheTurnPlannedForIt() {
        assertThat(limits.turnIfNotNow("T1", "chat.postMessage", "C1")).isEmpty(); // nothing reserved: free still
        assertThat(waitMillis("T1", "chat.postMessage", "C1")).isZero(); // C1 is busy for a second
        assertThat(limits.turnIfNotNow("T1", "chat.postMessage", "C1")).contains(Duration.ofMillis(1010));
        assertThat(limits.turnIfNotNow("T1", "chat.postMessage", "C1")).contains(Duration.ofMillis(2020));
        assertThat(limits.turn("T1", "chat.postMessage", "C1").toMillis()).isEqualTo(3030); // planned alike
    }

    @Test
    void turnsArePlannedAtMostAMinuteAheadForAWorkspace_andTenForAConversation() {
        for (int i = 0; i < 1_000; i++) {
            limits.turn("T1", "chat.postMessage", "U" + i); // 1,000 DMs: 200 s of the workspace's turns
            limits.turn("T1", "chat.postMessage", "C1"); // and 1,000 posts in one channel: 1,000 s of its turns
        }
        // some of them went another way (cancelled, sent by another sender): a new one waits at most so long
        assertThat(limits.turn("T1", "chat.postMessage", "U9999")).isEqualTo(Duration.ofMinutes(1));
        assertThat(limits.turn("T1", "chat.postMessage", "C1")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void otherMethods_goAtTheirTier() {
        assertThat(waitMillis("T1", "chat.update", "C1")).isZero();
        assertThat(waitMillis("T1", "chat.update", "C2"))
                .as("Tier 3: 50 a minute")
                .isEqualTo(1212);
        assertThat(waitMillis("T1", "users.info", "")).isZero();
        assertThat(waitMillis("T1", "users.info", ""))
                .as("Tier 4: 100 a minute")
                .isEqualTo(606);
    }

    @Test
    void aRetryAfter_holdsTheMethodUntilItHasPassed_andTimeMovesTheQueueOn() {
        limits.pause("T1", "chat.postMessage", "C1", Duration.ofSeconds(30));
        assertThat(waitMillis("T1", "chat.postMessage", "C9")).isEqualTo(30_000);
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(waitMillis("T1", "chat.postMessage", "C9")).isZero();
    }

    @Test
    void unpaced_neverWaits() {
        var unpaced = SlackLimits.unpaced();
        for (int i = 0; i < 100; i++) {
            assertThat(unpaced.reserve("T1", "chat.postMessage", "C1")).isZero();
        }
        unpaced.pause("T1", "chat.update", null, Duration.ofSeconds(5));
        assertThat(unpaced.reserve("T1", "chat.update", "C1")).isZero();
    }
}
