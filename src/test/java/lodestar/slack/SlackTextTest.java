package lodestar.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {
    @Test
    void broadcastMentions_cannotPing() {
        assertThat(SlackText.safe("Hey <!channel> and <!here|here> and <!everyone>"))
                .doesNotContain("<!", "@channel", "@here", "@everyone")
                .contains("@\u2060channel", "@\u2060here", "@\u2060everyone");
    }

    @Test
    void typedBroadcastWords_cannotPing() {
        assertThat(SlackText.safe("ping @here and @Channel")).doesNotContain("@here", "@Channel");
    }

    @Test
    void userGroupMentions_cannotPing() {
        assertThat(SlackText.safe("<!subteam^S123|@support> look"))
                .doesNotContain("<!subteam")
                .contains("support");
    }

    @Test
    void userAndChannelMentions_stay() {
        assertThat(SlackText.safe("thanks <@U123|alice> in <#C456|support>")).isEqualTo("thanks <@U123> in <#C456>");
    }

    @Test
    void disguisedLinks_showWhereTheyGo() {
        assertThat(SlackText.safe("see <https://evil.example|our docs>"))
                .isEqualTo("see our docs (https://evil.example)");
    }

    @Test
    void escapedEntities_stayEscaped_andStrayMarkupIsEscaped() {
        assertThat(SlackText.safe("a &lt;b&gt; &amp; c & d > e")).isEqualTo("a &lt;b&gt; &amp; c &amp; d &gt; e");
    }

    @Test
    void fromPlain_escapesMarkup() {
        assertThat(SlackText.fromPlain("<!channel> & <b>")).isEqualTo("&lt;!channel&gt; &amp; &lt;b&gt;");
        assertThat(SlackText.safe(SlackText.fromPlain("<!channel>"))).doesNotContain("<!channel>");
    }

    @Test
    void plain_readsLikeTheOriginal() {
        assertThat(SlackText.plain("Thanks <@U1|alice> for &lt;fixing&gt; <https://x.example|this>"))
                .isEqualTo("Thanks alice for <fixing> this (https://x.example)");
    }

    @Test
    void hasBroadcastMention_findsOnlyBroadcasts() {
        assertThat(SlackText.hasBroadcastMention("hi <!here>")).isTrue();
        assertThat(SlackText.hasBroadcastMention("hi <@U1> @here")).isFalse();
    }

    @Test
    void truncate_marksTheCut() {
        assertThat(SlackText.truncate("abcdef", 4)).isEqualTo("abc…");
        assertThat(SlackText.truncate("abc", 4)).isEqualTo("abc");
    }
}
