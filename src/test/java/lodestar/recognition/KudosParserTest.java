package lodestar.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KudosParserTest {
    @Test
    void leadingMentionsAndTags_nameRecipientsAndValues() {
        var give = (KudosInput.Give) KudosParser.parse("<@U1|alice> <@W2> #ownership Stayed late for Acme");

        assertThat(give.recipients()).containsExactly("U1", "W2");
        assertThat(give.values()).containsExactly("ownership");
        assertThat(give.reason()).isEqualTo("Stayed late for Acme");
    }

    @Test
    void tagsInsideTheReason_countAsValues_mentionsStayInTheStory() {
        var give = (KudosInput.Give) KudosParser.parse("#empathy <@U1> helped <@U2> and showed #ownership today");

        assertThat(give.recipients()).containsExactly("U1");
        assertThat(give.values()).containsExactly("empathy", "ownership");
        assertThat(give.reason()).isEqualTo("helped <@U2> and showed #ownership today");
    }

    @Test
    void channelLinksAndEntities_areNotValues() {
        var give = (KudosInput.Give) KudosParser.parse("<@U1> fixed it in <#C123|support> &amp; more");

        assertThat(give.values()).isEmpty();
    }

    @Test
    void anchorsInLinksLabelsAndAddresses_areNotValues_tagsAfterPunctuationAre() {
        var give = (KudosInput.Give) KudosParser.parse("<@U1> fixed acme.com/#pricing and"
                + " <https://acme.example/docs#setup|the #setup page> for them (#ownership) and C#fans too,"
                + " https://acme.example/#faq, *#empathy*,#care");

        assertThat(give.values()).containsExactly("ownership", "empathy", "care");
    }

    @Test
    void subcommands() {
        assertThat(KudosParser.parse("")).isInstanceOf(KudosInput.OpenModal.class);
        assertThat(KudosParser.parse("me")).isInstanceOf(KudosInput.Mine.class);
        assertThat(KudosParser.parse("help")).isInstanceOf(KudosInput.Help.class);
        assertThat(KudosParser.parse("top")).isEqualTo(new KudosInput.Top(Period.MONTH));
        assertThat(KudosParser.parse("top QUARTER")).isEqualTo(new KudosInput.Top(Period.QUARTER));
        assertThat(KudosParser.parse("remove #42")).isEqualTo(new KudosInput.Remove(42));
        assertThat(KudosParser.parse("top year")).isInstanceOf(KudosInput.Malformed.class);
    }

    @Test
    void subcommandsFollowedByMoreWords_readAsBefore() {
        assertThat(KudosParser.parse("  top\tweek  and more words  ")).isEqualTo(new KudosInput.Top(Period.WEEK));
        assertThat(KudosParser.parse("remove 42 now")).isInstanceOf(KudosInput.Malformed.class);
        assertThat(KudosParser.parse("remove 42\n")).isEqualTo(new KudosInput.Remove(42));
        var give = (KudosInput.Give) KudosParser.parse("me <@U1> #ownership thanks for   the   help");
        assertThat(give.recipients()).isEmpty();
        assertThat(give.reason()).isEqualTo("me <@U1> #ownership thanks for   the   help");
        assertThat(give.values()).containsExactly("ownership");
    }
}
