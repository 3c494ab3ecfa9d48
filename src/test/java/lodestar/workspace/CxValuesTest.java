package lodestar.workspace;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code /cx values}: a workspace starts with the starter values; admins add and remove values, each a
 * hashtag with a one-line description.
 */
class CxValuesTest extends CxFixture {
    @Test
    void newWorkspace_startsWithTheStarterValues() {
        assertThat(cx("values", ALICE).text())
                .contains("#customer-first", "#ownership", "#empathy", "#fix-the-root", "#go-the-extra-mile");
    }

    @Test
    void adminAddsValue_withAnEmDash() {
        cx("values add candour — Tell the customer the truth, early.", ADMIN);

        assertThat(answer()).contains("Added #candour", "Tell the customer the truth, early.");
        assertThat(settings().values()).contains(new CxValue("candour", "Tell the customer the truth, early."));
    }

    @Test
    void sameNameInAnotherCase_isRefused() {
        cx("values add Ownership - Again", ADMIN);

        assertThat(answer()).contains("#Ownership exists already");
        assertThat(settings().values()).hasSize(5);
    }

    @Test
    void broadcastMentionInDescription_isRefused_andNothingStored() {
        var reply = cx("values add loud — Tell <!channel> about it", ADMIN);

        assertThat(reply.text()).contains("can't mention @channel");
        assertThat(settings().values()).extracting(CxValue::name).doesNotContain("loud");
    }

    @Test
    void missingDescription_isRefused() {
        var reply = cx("values add candour", ADMIN);

        assertThat(reply.text()).contains("one-line description");
        assertThat(settings().values()).hasSize(5);
    }

    @Test
    void overlongDescription_isRefusedWithTheLimit() {
        var reply = cx("values add candour — " + "x".repeat(151), ADMIN);

        assertThat(reply.text()).contains("at most 150 characters");
        assertThat(settings().values()).hasSize(5);
    }

    @Test
    void descriptionWithAmpersands_isCountedAsTyped() {
        // 150 characters as typed, 170 as Slack sends them ("&" as "&amp;")
        var reply = cx("values add candour — " + "x".repeat(140) + " &amp; &amp; &amp; &amp; &amp;", ADMIN);

        assertThat(reply.text()).doesNotContain("at most 150 characters");
        assertThat(settings().values()).hasSize(6);
    }

    @Test
    void nameThatIsNoHashtag_isRefused() {
        var reply = cx("values add 42! — Numbers", ADMIN);

        assertThat(reply.text()).contains("hashtag-friendly");
        assertThat(settings().values()).hasSize(5);
    }

    @Test
    void adminRemovesValue_whateverItsCase() {
        cx("values remove #EMPATHY", ADMIN);

        assertThat(answer()).contains("Removed #EMPATHY");
        assertThat(settings().values()).extracting(CxValue::name).doesNotContain("empathy");
    }

    @Test
    void removingAnUnknownValue_isExplained() {
        cx("values remove kindness", ADMIN);

        assertThat(answer()).contains("There is no value #kindness");
    }

    @Test
    void memberCannotAddValues() {
        cx("values add candour — Tell the truth", BOB);

        assertThat(answer()).contains("Only workspace admins");
        assertThat(settings().values()).hasSize(5);
    }

    @Test
    void unknownValuesSubcommand_isExplained() {
        assertThat(cx("values rename a b", ADMIN).text()).contains("/cx values add <name>");
    }

    @Test
    void emptyValuesAdd_isExplained_andNothingStored() {
        var reply = cx("values add", ADMIN);

        assertThat(reply.text()).contains("Name the value", "/cx values add");
        assertThat(settings().values()).hasSize(5);
    }

    @Test
    void overlongValueName_isRefusedWithTheLimit() {
        var reply = cx("values add " + "a".repeat(CxValue.NAME_LIMIT + 1) + " — Too long a name", ADMIN);

        assertThat(reply.text()).contains("at most " + CxValue.NAME_LIMIT + " characters");
        assertThat(settings().values()).hasSize(5);
    }

    @Test
    void emptyValuesRemove_isExplained_andNothingChanges() {
        var reply = cx("values remove", ADMIN);

        assertThat(reply.text()).contains("Name one value to remove");
        assertThat(settings().values()).hasSize(5);
    }
}
