package lodestar.inbox;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import lodestar.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order in which workers claim what waits: what nobody held, oldest first, then what a lapsed lease left; never
 * what is done, however much of it the table keeps.
 */
class InboxClaimTest {
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final DSLContext dsl = TestDatabase.get().database().dsl();
    private final InboxRepository inbox = new InboxRepository(dsl);
    private final InboxRecorder recorder = new InboxRecorder(dsl);

    @BeforeEach
    void empty() {
        TestDatabase.get().truncate();
    }

    private long record(String trigger, Optional<String> claimedBy) {
        return recorder.insert(new InboxRecorder.Recording(
                        "T0CLAIM", "/kudos", trigger, "{}", true, Instant.now(), claimedBy, LEASE))
                .orElseThrow();
    }

    /** A command whose instance died: its lease lapsed a minute ago. */
    private long recordLapsed() {
        long lapsed = record("lapsed", Optional.of("an instance that died"));
        dsl.update(COMMAND_INBOX)
                .set(
                        COMMAND_INBOX.LEASE_UNTIL,
                        OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
                .where(COMMAND_INBOX.ID.eq(lapsed))
                .execute();
        return lapsed;
    }

    @Test
    void whatNobodyHeldIsClaimedOldestFirst_thenWhatALapsedLeaseLeft_neverWhatIsDone() {
        long lapsed = recordLapsed();
        for (int i = 0; i < 1_000; i++) {
            inbox.done(record("done." + i, Optional.of("this instance")));
        }
        record("held", Optional.of("a live instance"));
        long first = record("first", Optional.empty());
        long second = record("second", Optional.empty());
        long third = record("third", Optional.empty());

        assertThat(inbox.claim("me", true, 2, LEASE))
                .extracting(InboxRepository.Entry::id)
                .containsExactly(first, second);
        assertThat(inbox.claim("me", true, 2, LEASE))
                .extracting(InboxRepository.Entry::id)
                .containsExactly(lapsed, third);
        assertThat(inbox.claim("me", true, 100, LEASE)).isEmpty();
        assertThat(inbox.claim("me", false, 100, LEASE)).isEmpty();
    }

    @Test
    void aLapsedLeaseIsFreed_andItsCommandClaimedInItsTurnByAge_aLiveOneIsNot() {
        long lapsed = recordLapsed();
        record("held", Optional.of("a live instance"));
        long waiting = record("waiting", Optional.empty());

        assertThat(inbox.releaseLapsed()).isEqualTo(1);

        assertThat(inbox.claim("me", true, 1, LEASE))
                .extracting(InboxRepository.Entry::id)
                .containsExactly(lapsed);
        assertThat(inbox.claim("me", true, 100, LEASE))
                .extracting(InboxRepository.Entry::id)
                .containsExactly(waiting);
        assertThat(inbox.releaseLapsed()).isZero();
    }

    @Test
    void jobsAreClaimedOldestFirst_apartFromCommands() {
        long first = recorder.insert(new InboxRecorder.Recording(
                        "T0CLAIM", "kudos-form", "form-1", "{}", null, Instant.now(), Optional.empty(), LEASE))
                .orElseThrow();
        record("a command", Optional.empty());
        long second = recorder.insert(new InboxRecorder.Recording(
                        "T0CLAIM", "kudos-form", "form-2", "{}", null, Instant.now(), Optional.empty(), LEASE))
                .orElseThrow();

        assertThat(inbox.claim("me", null, 1, LEASE))
                .extracting(InboxRepository.Entry::id)
                .containsExactly(first);
        assertThat(inbox.claim("me", null, 100, LEASE))
                .extracting(InboxRepository.Entry::id)
                .containsExactly(second);
    }
}
