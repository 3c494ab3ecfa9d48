package lodestar.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.SectionBlock;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lodestar.slack.SlackText;
import org.junit.jupiter.api.Test;

/** Every request /cx understands is in the help (and so on the Home tab), with an example. */
class CxHelpTest {
    /** For each kind of request: something that parses to it, and the command the help must list. */
    private static final Map<Class<?>, String[]> EXAMPLES = Map.ofEntries(
            Map.entry(CxRequest.Help.class, new String[] {"help", "/cx help"}),
            Map.entry(CxRequest.ShowMission.class, new String[] {"mission", "/cx mission"}),
            Map.entry(CxRequest.SetMission.class, new String[] {"mission We exist for them", "/cx mission"}),
            Map.entry(CxRequest.ListValues.class, new String[] {"values", "/cx values"}),
            Map.entry(CxRequest.AddValue.class, new String[] {"values add candour — Say it", "/cx values add"}),
            Map.entry(CxRequest.RemoveValue.class, new String[] {"values remove candour", "/cx values"}),
            Map.entry(CxRequest.ListRole.class, new String[] {"leaders", "/cx leaders"}),
            Map.entry(CxRequest.AddToRole.class, new String[] {"admins add <@U1>", "/cx admins add"}),
            Map.entry(CxRequest.RemoveFromRole.class, new String[] {"leaders remove <@U1>", "/cx leaders"}),
            Map.entry(CxRequest.ShowRecognition.class, new String[] {"channel", "/cx channel"}),
            Map.entry(CxRequest.SetKudosChannel.class, new String[] {"channel kudos <#C1>", "/cx channel kudos #"}),
            Map.entry(CxRequest.SetDigestChannel.class, new String[] {"channel digest <#C1>", "/cx channel digest #"}),
            Map.entry(CxRequest.SetAllowance.class, new String[] {"allowance 3 per day", "/cx allowance 5 per week"}),
            Map.entry(CxRequest.SetLeaderboard.class, new String[] {"leaderboard on", "/cx leaderboard"}),
            Map.entry(CxRequest.ShowDigest.class, new String[] {"digest", "/cx digest"}),
            Map.entry(
                    CxRequest.SetDigestSchedule.class,
                    new String[] {"digest schedule friday 16:00", "/cx digest schedule monday 09:00"}));

    private static Set<Class<?>> requestKinds() {
        return Arrays.stream(CxRequest.class.getPermittedSubclasses())
                .flatMap(kind -> kind.isInterface() ? Arrays.stream(kind.getPermittedSubclasses()) : Stream.of(kind))
                .filter(kind -> kind != CxRequest.Malformed.class)
                .collect(Collectors.toSet());
    }

    @Test
    void everyKindOfRequest_hasAnExampleHere() {
        assertThat(EXAMPLES.keySet()).isEqualTo(requestKinds());
    }

    @Test
    void everySubcommandTheParserAccepts_isInTheHelpWithAnExample() {
        String help = WorkspaceMessages.helpText();
        EXAMPLES.forEach((kind, example) -> {
            assertThat(CxParser.parse(example[0])).as(example[0]).isInstanceOf(kind);
            assertThat(help).as(kind.getSimpleName()).contains(example[1]);
        });
        assertThat(help).contains("/cx allowance", "/cx leaderboard off", "/cx channel kudos #recognition");
    }

    @Test
    void kudosQuoteAndPulse_eachHaveAnExample() {
        String help = WorkspaceMessages.helpText();
        for (String command : new String[] {"/kudos", "/quote", "/pulse"}) {
            assertThat(help).contains("*" + command + "* —", "e.g. `" + command);
        }
    }

    @Test
    void help_fitsSlacksLimits() {
        var blocks = WorkspaceMessages.help();

        assertThat(blocks.size()).isLessThanOrEqualTo(SlackText.MESSAGE_BLOCK_LIMIT);
        for (var block : blocks) {
            if (block instanceof SectionBlock section) {
                assertThat(section.getText().getText().length()).isLessThanOrEqualTo(SlackText.SECTION_TEXT_LIMIT);
            }
        }
    }
}
