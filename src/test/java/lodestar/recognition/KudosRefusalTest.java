package lodestar.recognition;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.GONE;
import static lodestar.testing.Users.OWNER;
import static lodestar.testing.Users.PACIFIC;
import static lodestar.testing.Users.ROBOT;
import static lodestar.testing.Users.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Kudos refused with a reason, and nothing stored: a recipient, value or reason that will not do, or an
 * allowance used up, which comes back at midnight (for a week, on Monday) where the giver is.
 */
class KudosRefusalTest extends KudosFixture {
    @Test
    void selfKudos_isRefused() {
        kudos(mention(ALICE) + " I fixed the export all by myself", ALICE);

        assertThat(answer()).contains("can't give kudos to yourself", "Nothing was sent");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void botRecipient_isRefused() {
        kudos(mention(ROBOT) + " Sent all the reminders on time", ALICE);

        assertThat(answer()).contains("is a bot");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void deactivatedRecipient_isRefused() {
        kudos(mention(GONE) + " Sent all the reminders on time", ALICE);

        assertThat(answer()).contains("is deactivated");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void unknownValue_isRefusedWithTheClosestMatchAndTheList() {
        kudos(mention(BOB) + " #ownrship Stayed late for the customer", ALICE);

        assertThat(answer())
                .contains(
                        "#ownrship isn't one of our values",
                        "Did you mean #ownership?",
                        "#customer-first",
                        "#go-the-extra-mile");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void missingReason_isRefused() {
        kudos(mention(BOB) + " #empathy", ALICE);

        assertThat(answer()).contains("Say what they did for the customer, in at least 10 characters");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void overlongReason_isRefusedWithTheLimit() {
        kudos(mention(BOB) + " " + "x".repeat(1001), ALICE);

        assertThat(answer()).contains("at most 1,000 characters (yours has 1,001)");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void elevenRecipients_areRefused() {
        String eleven = IntStream.range(0, 11).mapToObj(i -> "<@U0P" + i + ">").collect(Collectors.joining(" "));

        kudos(eleven + " Everyone pitched in on the Acme outage", ALICE);

        assertThat(answer()).contains("at most 10 people at once (you named 11)");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void noRecipient_isRefused() {
        kudos("Thanks everyone for the Acme outage work", ALICE);

        assertThat(answer()).contains("Mention who you're thanking");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void allowanceExhausted_isRefused_andARecipientNamedTwiceCountsOnce() {
        kudos(mention(BOB) + " " + mention(BOB) + " " + mention(CAROL) + " Fixed the export for Acme", ALICE);
        assertThat(answer()).contains("*3* of 5");

        kudos(
                mention(BOB) + " " + mention(CAROL) + " " + mention(ADMIN) + " " + mention(OWNER)
                        + " Fixed the export again",
                ALICE);

        assertThat(answer()).contains("You have 3 kudos left this week", "not 4", "resets Mon 30 Nov at 00:00");
        assertThat(storedKudos()).isEqualTo(1);
    }

    @Test
    void allowanceResetsAtTheGiversLocalMidnight() {
        cx("allowance 1 per day");
        // 10:00 UTC on Monday 23 November is 02:00 in Los Angeles.
        kudos(mention(BOB) + " Fixed the export for Acme", PACIFIC);
        kudos(mention(CAROL) + " Fixed the import for Acme", PACIFIC);
        assertThat(answer()).contains("You have 0 kudos left this day", "Tue 24 Nov at 00:00");

        harness.clock().set(Instant.parse("2026-11-24T07:59:00Z"));
        kudos(mention(CAROL) + " Fixed the import for Acme", PACIFIC);
        assertThat(answer()).contains("You have 0 kudos left");

        harness.clock().set(Instant.parse("2026-11-24T08:00:00Z"));
        kudos(mention(CAROL) + " Fixed the import for Acme", PACIFIC);
        assertThat(answer()).contains("Kudos sent to <@" + CAROL + ">");
        assertThat(storedKudos()).isEqualTo(2);
    }

    private String everyone() {
        return List.of(BOB, CAROL, ALICE, ADMIN, OWNER).stream()
                .map(KudosFixture::mention)
                .collect(Collectors.joining(" "));
    }

    @Test
    void inTokyo_theWeekResetsAtMondayMidnightTokyoTime() {
        // Sunday 29 November, 23:58 in Tokyo (UTC+9).
        harness.clock().set(Instant.parse("2026-11-29T14:58:00Z"));
        kudos(everyone() + " Fixed the export for Acme", TOKYO);
        assertThat(answer()).contains("*0* of 5");

        harness.clock().set(Instant.parse("2026-11-29T14:59:00Z"));
        kudos(mention(BOB) + " Fixed the import for Acme", TOKYO);
        assertThat(answer()).contains("You have 0 kudos left this week", "resets Mon 30 Nov at 00:00");
        assertThat(storedKudos()).isEqualTo(1);

        harness.clock().set(Instant.parse("2026-11-29T15:00:00Z"));
        kudos(mention(BOB) + " Fixed the import for Acme", TOKYO);
        assertThat(answer()).contains("Kudos sent to <@" + BOB + ">", "*4* of 5");
        assertThat(storedKudos()).isEqualTo(2);
    }

    @Test
    void inLosAngeles_theWeekResetsAtMondayMidnightLosAngelesTime() {
        // Sunday 29 November, 23:58 in Los Angeles (UTC-8): already Monday in UTC.
        harness.clock().set(Instant.parse("2026-11-30T07:58:00Z"));
        kudos(everyone() + " Fixed the export for Acme", PACIFIC);
        assertThat(answer()).contains("*0* of 5");

        harness.clock().set(Instant.parse("2026-11-30T07:59:00Z"));
        kudos(mention(BOB) + " Fixed the import for Acme", PACIFIC);
        assertThat(answer()).contains("You have 0 kudos left this week", "resets Mon 30 Nov at 00:00");

        harness.clock().set(Instant.parse("2026-11-30T08:00:00Z"));
        kudos(mention(BOB) + " Fixed the import for Acme", PACIFIC);
        assertThat(answer()).contains("Kudos sent to <@" + BOB + ">", "*4* of 5");
        assertThat(storedKudos()).isEqualTo(2);
    }
}
