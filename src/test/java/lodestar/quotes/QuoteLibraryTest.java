package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import lodestar.testing.FakeSlack;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;

/**
 * The quote library: a quote is found by what it shows, listed by number, sentiment and words, and archived
 * only by whoever added it or an admin.
 */
class QuoteLibraryTest extends QuoteFixture {
    @Test
    void anAnonymisedQuote_isFoundByWhatItShows_neverByTheAuthorItHides() {
        var service = harness.app().quotes().service();
        service.add(
                new Actor(FakeSlack.TEAM, null, ALICE),
                new QuoteDraft(
                        "Support answered within minutes.",
                        Optional.of(Sentiment.PRAISE),
                        Optional.of("Jane Doe, CFO of Acme"),
                        Optional.of("a CFO in retail"),
                        Optional.empty(),
                        List.of(),
                        Optional.empty()));

        assertThat(service.search(FakeSlack.TEAM, Optional.empty(), List.of("Jane")))
                .isEmpty();
        assertThat(service.search(FakeSlack.TEAM, Optional.empty(), List.of("retail")))
                .extracting(Quote::text)
                .containsExactly("Support answered within minutes.");
    }

    @Test
    void listShowsNumbers_filtersBySentimentAndWords() {
        add("The new export saved my team a full day.", Sentiment.PRAISE);
        add("Cancelling took a phone call. Why?", Sentiment.CRITIQUE);

        assertThat(harness.send().command("/quote", "list", ALICE).text()).contains("#1", "#2");
        assertThat(harness.send().command("/quote", "list critique", ALICE).text())
                .contains("#2", "Cancelling")
                .doesNotContain("export");
        assertThat(harness.send().command("/quote", "list EXPORT", ALICE).text())
                .contains("#1")
                .doesNotContain("#2");
    }

    @Test
    void removeIsForTheAuthorOrAnAdmin_andArchivedQuotesAreNeverPosted() {
        long id = add("The new export saved my team a full day.", Sentiment.PRAISE);

        assertThat(quote("remove " + id, BOB)).contains("Only the person who added quote #1 or an admin");
        assertThat(quote("remove " + id, ALICE)).contains("archived");
        harness.slack().reset();

        assertThat(quote("post <#" + DAILY + "|daily>", ADMIN)).contains("library is empty");
        assertThat(posted(DAILY)).isEmpty();
    }

    @Test
    void unknownSubcommand_isExplained() {
        assertThat(harness.send().command("/quote", "shout", ALICE).text()).contains("/quote help");
    }
}
