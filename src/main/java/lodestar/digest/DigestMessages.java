package lodestar.digest;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import lodestar.slack.SlackText;

/**
 * The digest in Block Kit: at most 50 blocks, every section present (an empty one says so in one line). User text
 * (mission, kudos reasons, quotes) is cut as stored, then made safe; never un-escaped first, which would turn a
 * {@code &lt;!here&gt;} someone typed as text into a live mention.
 */
final class DigestMessages {
    static final String INDEX_ACTION = "digest_index_help";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final String SPARKS = "▁▂▃▄▅▆▇█";

    private DigestMessages() {}

    /**
     * The digest for one leader ({@code leaderId}) or for the leadership channel (empty: totals only). Links are the
     * permalinks of posts, by {@code channel:ts}; dates are shown in {@code zone}, the recipient's.
     */
    static List<LayoutBlock> render(Digest digest, Optional<String> leaderId, Map<String, String> links, ZoneId zone) {
        var now = digest.now();
        var before = digest.before();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText("Your weekly customer-culture digest"))));
        blocks.add(context(c ->
                c.elements(List.of(markdownText(DAY.format(now.from().atZone(zone)) + " – "
                        + DAY.format(now.to().minusSeconds(1).atZone(zone))
                        + " · each figure compared with the 7 days"
                        + " before")))));
        blocks.add(section(s -> s.text(markdownText(digest.mission()
                .map(mission -> ":star: *Our CX mission:* " + SlackText.safe(SlackText.truncate(mission, 2500)))
                .orElse(":star: _No CX mission yet: an admin can set one with `/cx mission We exist so that…`_")))));

        blocks.add(divider());
        blocks.add(section(s -> s.text(markdownText("*Recognition*\n" + "Kudos given *" + now.kudos() + "*"
                + delta(now.kudos(), before.kudos()) + " · giving participation " + percent(now.givingParticipation())
                + deltaPts(now.givingParticipation(), before.givingParticipation()) + " · receiving "
                + percent(now.receivingParticipation())
                + deltaPts(now.receivingParticipation(), before.receivingParticipation())))));
        String values = digest.topValues().isEmpty()
                ? "No values were used this week."
                : "Most-used values: "
                        + digest.topValues().stream()
                                .map(count -> "`#" + count.key() + "` " + count.count())
                                .collect(Collectors.joining(", "));
        String unused = digest.valuesUnusedThisMonth().isEmpty()
                ? "Every value was used this month."
                : "Not used this month: "
                        + digest.valuesUnusedThisMonth().stream()
                                .map(name -> "`#" + SlackText.safe(name) + "`")
                                .collect(Collectors.joining(", "));
        blocks.add(section(s -> s.text(markdownText(values + "\n" + unused))));
        if (digest.spotlight().isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(":flashlight: _No kudos to spotlight this week._"))));
        } else {
            String spotlight = digest.spotlight().stream()
                    .map(kudos -> "• <@" + kudos.giverId() + "> → "
                            + kudos.recipients().stream()
                                    .map(id -> "<@" + id + ">")
                                    .collect(Collectors.joining(" "))
                            + ": " + SlackText.safe(SlackText.truncate(kudos.reason(), 200))
                            + kudos.customerImpact()
                                    .map(impact -> " _(customer impact: "
                                            + SlackText.safe(SlackText.truncate(impact, 120)) + ")_")
                                    .orElse("")
                            + kudos.postTs()
                                    .map(ts -> links.get(kudos.postChannelId() + ":" + ts))
                                    .map(link -> " <" + link + "|View>")
                                    .orElse(""))
                    .collect(Collectors.joining("\n"));
            blocks.add(section(s -> s.text(markdownText(
                    SlackText.truncate(":flashlight: *Spotlight*\n" + spotlight, SlackText.SECTION_TEXT_LIMIT)))));
        }

        blocks.add(divider());
        blocks.add(section(s -> s.text(markdownText(leadership(digest, leaderId)))));

        blocks.add(divider());
        blocks.add(section(s -> s.text(markdownText(voice(digest, links)))));

        blocks.add(divider());
        blocks.add(section(s -> s.text(markdownText(pulse(digest)))));

        blocks.add(divider());
        var index = now.index().value();
        String indexText = index.map(value -> "*CX culture index: " + value + "*"
                        + deltaValue(index, before.index().value(), "") + " / 100 · from "
                        + String.join(", ", now.index().components().keySet())
                        + " · trend "
                        + spark(digest.trend().stream()
                                .map(f -> f.index().value().map(v -> (double) v))
                                .flatMap(Optional::stream)
                                .toList()))
                .orElse("*CX culture index:* _no data yet: it starts with the first kudos, critique or pulse result._");
        blocks.add(section(s -> s.text(markdownText(indexText))));
        blocks.add(actions(a -> a.elements(List.of(button(b -> b.actionId(INDEX_ACTION)
                .text(plainText("How is this computed?"))
                .value(String.join(", ", now.index().components().keySet())))))));
        return blocks;
    }

    static String text(Digest digest) {
        return "Your weekly customer-culture digest: " + digest.now().kudos() + " kudos"
                + digest.now()
                        .index()
                        .value()
                        .map(value -> ", CX culture index " + value)
                        .orElse("");
    }

    /** For a Lodestar admin: the leadership channel's copy of a week's digest was refused, and how to fix it. */
    static String cannotPost(String channelId, String week, String error) {
        String fix = switch (error) {
            case "not_in_channel" -> "I'm not in it: invite me with `/invite @Lodestar`";
            case "is_archived" -> "It is archived: choose another with `/cx channel digest #channel`";
            case "channel_not_found" ->
                "I can't see it: invite me, or choose another with `/cx channel digest #channel`";
            default -> "Slack said `" + error + "`";
        };
        return "I couldn't post the leader digest of " + week + " in <#" + channelId + ">. " + fix
                + ". The leaders got theirs by DM; next week's goes to the channel again.";
    }

    private static String leadership(Digest digest, Optional<String> leaderId) {
        var now = digest.now();
        if (now.leaders() == 0) {
            return "*Leadership involvement*\n_No leaders yet: an admin can add them with `/cx leaders add @someone`._";
        }
        String text = "*Leadership involvement*\n" + now.leadersWhoGave() + " of " + now.leaders()
                + " leaders gave kudos"
                + delta(now.leadersWhoGave(), digest.before().leadersWhoGave())
                + now.leaderKudosOutside()
                        .map(share -> " · " + Math.round(share) + "% of leaders' kudos went to people outside the"
                                + " leadership group")
                        .orElse(" · leaders gave no kudos this week");
        if (leaderId.isPresent()) {
            var own = Optional.ofNullable(digest.byLeader().get(leaderId.get()));
            text += "\n_You:_ "
                    + own.map(o -> o.given() + " kudos given, " + o.peopleRecognised() + " people recognised")
                            .orElse(
                                    "no kudos given this week. Who helped a customer? `/kudos @them #value what they did`");
        }
        return text;
    }

    private static String voice(Digest digest, Map<String, String> links) {
        var now = digest.now();
        var before = digest.before();
        if (now.quotesPosted() == 0) {
            return "*Customer voice*\n_No customer quotes were posted this week: schedule a daily one with"
                    + " `/quote schedule #channel 09:00`._"
                    + (now.praiseToKudos() > 0 ? "\nPraise that led to kudos: " + now.praiseToKudos() : "");
        }
        String text = "*Customer voice*\nQuotes posted *" + now.quotesPosted() + "*"
                + delta(now.quotesPosted(), before.quotesPosted()) + " · reactions and replies "
                + now.reactionsAndReplies() + delta(now.reactionsAndReplies(), before.reactionsAndReplies())
                + " · engagement *" + decimal(now.quoteEngagement()) + "* per post"
                + deltaDecimal(now.quoteEngagement(), before.quotesPosted() == 0 ? null : before.quoteEngagement())
                + "\nCritiques owned " + now.critiquesOwned() + " of " + now.critiquesPosted() + " · resolved "
                + now.critiquesResolved() + " of " + now.critiquesOwned() + " owned"
                + (now.critiquesOwned() == 0
                        ? ""
                        : " (" + Math.round(100.0 * now.critiquesResolved() / now.critiquesOwned()) + "%)")
                + " · praise that led to kudos " + now.praiseToKudos()
                + delta(now.praiseToKudos(), before.praiseToKudos());
        if (!digest.unownedCritiques().isEmpty()) {
            text += "\n:triangular_flag_on_post: Still without an owner:\n"
                    + digest.unownedCritiques().stream()
                            .map(critique -> "• “"
                                    + SlackText.safe(SlackText.truncate(critique.text(), 150)) + "”"
                                    + Optional.ofNullable(links.get(critique.channelId() + ":" + critique.ts()))
                                            .map(link -> " <" + link + "|Own it>")
                                            .orElse(""))
                            .collect(Collectors.joining("\n"));
        }
        return SlackText.truncate(text, SlackText.SECTION_TEXT_LIMIT);
    }

    private static String pulse(Digest digest) {
        var now = digest.now();
        if (now.enps().isEmpty() && now.belief().isEmpty()) {
            return "*Pulse*\n_No pulse results yet: results count once enough people answer a survey (`/pulse new`)._";
        }
        List<String> parts = new ArrayList<>();
        now.enps()
                .ifPresent(enps -> parts.add("eNPS *" + (enps > 0 ? "+" : "") + enps + "*"
                        + deltaValue(now.enps(), digest.before().enps(), "") + " "
                        + spark(digest.enpsHistory().stream()
                                .map(Integer::doubleValue)
                                .toList())));
        now.belief()
                .ifPresent(belief -> parts.add("CX belief *" + Math.round(belief) + "%*"
                        + deltaPts(now.belief(), digest.before().belief()) + " " + spark(digest.beliefHistory())));
        now.responseRate().ifPresent(rate -> parts.add("response rate " + rate + "%"));
        return "*Pulse*\n" + String.join(" · ", parts);
    }

    static String spark(List<Double> values) {
        if (values.isEmpty()) {
            return "";
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        Function<Double, Character> level = value ->
                SPARKS.charAt(max == min ? 3 : (int) Math.round((value - min) / (max - min) * (SPARKS.length() - 1)));
        return "`" + values.stream().map(level).map(String::valueOf).collect(Collectors.joining()) + "`";
    }

    private static String decimal(double value) {
        return String.format(Locale.ENGLISH, "%.1f", value);
    }

    /** The change of a one-decimal figure; nothing when there is no previous figure to compare with. */
    private static String deltaDecimal(double now, Double before) {
        if (before == null) {
            return "";
        }
        long tenthsNow = Math.round(now * 10);
        long tenthsBefore = Math.round(before * 10);
        return tenthsNow > tenthsBefore
                ? " ▲ " + decimal((tenthsNow - tenthsBefore) / 10.0)
                : tenthsNow < tenthsBefore ? " ▼ " + decimal((tenthsBefore - tenthsNow) / 10.0) : " =";
    }

    private static String percent(Optional<Double> share) {
        return share.map(value -> "*" + Math.round(value) + "%*").orElse("_n/a_");
    }

    static String delta(int now, int before) {
        return now > before ? " ▲ " + (now - before) : now < before ? " ▼ " + (before - now) : " =";
    }

    private static String deltaValue(Optional<Integer> now, Optional<Integer> before, String unit) {
        if (now.isEmpty() || before.isEmpty()) {
            return "";
        }
        return delta(now.get(), before.get()) + (now.get().equals(before.get()) ? "" : unit);
    }

    private static String deltaPts(Optional<Double> now, Optional<Double> before) {
        return deltaValue(
                now.map(Math::round).map(Long::intValue),
                before.map(Math::round).map(Long::intValue),
                " pts");
    }
}
