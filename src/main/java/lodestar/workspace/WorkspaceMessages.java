package lodestar.workspace;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import lodestar.slack.SlackText;

/** Block Kit and text for the settings feature: help, settings, confirmations and the Home tab. */
final class WorkspaceMessages {
    static final String INTRO = "Lodestar helps us put the customer at the centre of everything we do: we recognise"
            + " customer-first work, hear a real customer every day, and measure whether the culture is taking hold.";

    private static final List<String[]> COMMANDS = List.of(
            new String[] {
                "/kudos",
                "Thank someone for customer-first work, tagged with our values. `/kudos` alone opens a form; `/kudos me`, `/kudos top`.",
                "/kudos @alice #ownership Stayed late to fix Acme's export"
            },
            new String[] {
                "/quote",
                "Add real customer quotes; Lodestar posts one a day per channel, praise and critique in turn. `/quote help`.",
                "/quote add"
            },
            new String[] {
                "/pulse",
                "Short anonymous pulse surveys: eNPS, belief in our CX mission, or your own questions. `/pulse help`.",
                "/pulse new"
            },
            new String[] {"/cx mission", "Show or set our CX mission statement.", "/cx mission We exist so that…"},
            new String[] {
                "/cx values",
                "List, add or remove our CX values.",
                "/cx values add ownership — Own the problem until the customer is whole"
            },
            new String[] {
                "/cx channel kudos",
                "The channel where kudos are posted (I join it, so reactions count).",
                "/cx channel kudos #recognition"
            },
            new String[] {
                "/cx allowance",
                "How many kudos each person may give per day or week (1 to " + Allowance.MAX + ").",
                "/cx allowance 5 per week"
            },
            new String[] {
                "/cx leaderboard",
                "Turn the people leaderboard of `/kudos top` on or off (values are always shown).",
                "/cx leaderboard off"
            },
            new String[] {
                "/cx channel", "The recognition settings: kudos channel, allowance and leaderboard.", "/cx channel"
            },
            new String[] {
                "/cx digest", "The weekly leader digest for the last 7 days, now (leaders and admins).", "/cx digest"
            },
            new String[] {
                "/cx digest schedule",
                "When leaders get the digest, in their own time zone.",
                "/cx digest schedule monday 09:00"
            },
            new String[] {
                "/cx channel digest",
                "A leadership channel that also gets the digest (totals only).",
                "/cx channel digest #leadership"
            },
            new String[] {
                "/cx leaders", "List, add or remove leaders (they get the weekly digest).", "/cx leaders add @dana"
            },
            new String[] {"/cx admins", "List, add or remove Lodestar admins.", "/cx admins add @sam"},
            new String[] {"/cx help", "This help.", "/cx help"});

    static final String ROLE_UNKNOWN =
            "I couldn't check your role with Slack just now; nothing changed — try again in a moment.";

    private WorkspaceMessages() {}

    static List<LayoutBlock> help() {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText("Lodestar"))));
        blocks.add(section(s -> s.text(markdownText(INTRO))));
        commandSections().forEach(text -> blocks.add(section(s -> s.text(markdownText(text)))));
        blocks.add(context(c -> c.elements(
                List.of(markdownText("Only workspace admins, owners and Lodestar admins can change settings.")))));
        return blocks;
    }

    static String helpText() {
        return INTRO + "\n" + commandList();
    }

    private static String commandList() {
        return String.join("\n", commandSections());
    }

    /** The command list, cut between commands into pieces that each fit a section. */
    private static List<String> commandSections() {
        List<String> sections = new ArrayList<>();
        var section = new StringBuilder();
        for (String[] command : COMMANDS) {
            String line = "*" + command[0] + "* — " + command[1] + "\n   e.g. `" + command[2] + "`";
            if (section.length() > 0 && section.length() + 1 + line.length() > SlackText.SECTION_TEXT_LIMIT) {
                sections.add(section.toString());
                section.setLength(0);
            }
            section.append(section.length() > 0 ? "\n" : "").append(line);
        }
        sections.add(section.toString());
        return sections;
    }

    static String mission(Optional<String> mission) {
        return mission.map(text -> "*Our CX mission*\n>" + SlackText.safe(text).replace("\n", "\n>"))
                .orElse("No CX mission yet. An admin can set one with `/cx mission <text>`.");
    }

    static String values(List<CxValue> values) {
        if (values.isEmpty()) {
            return "No CX values yet. An admin can add one with `/cx values add <name> — <description>`.";
        }
        return "*Our CX values*\n"
                + values.stream()
                        .map(value ->
                                "• *" + SlackText.safe(value.tag()) + "* — " + SlackText.safe(value.description()))
                        .collect(Collectors.joining("\n"));
    }

    static String recognition(Settings settings) {
        return "*Recognition*\n• Kudos are posted in "
                + settings.kudosChannel()
                        .map(id -> "<#" + id + ">")
                        .orElse("the channel where /kudos is used (set one with `/cx channel kudos #channel`)")
                + "\n• Each person may give " + settings.allowance() + " (`/cx allowance 5 per week`)"
                + "\n• The leaderboard in `/kudos top` is " + (settings.leaderboard() ? "on" : "off")
                + " (`/cx leaderboard on|off`)";
    }

    static String members(Role role, List<String> userIds) {
        if (userIds.isEmpty()) {
            return "No " + role.plural() + " yet. An admin can add some with `/cx " + role.plural() + " add @someone`.";
        }
        return "*" + capitalised(role.plural()) + ":* " + mentions(userIds);
    }

    static String notAllowed(List<String> admins) {
        String who = admins.isEmpty() ? "" : " Lodestar admins: " + mentions(admins) + ".";
        return "Only workspace admins, owners and Lodestar admins can change Lodestar's settings; nothing changed."
                + who;
    }

    /** The recognition channel set, and the bot in it: reactions on kudos count only where the bot is. */
    static String kudosChannelJoined(String channelId) {
        return "Kudos will be posted in <#" + channelId + ">. I've joined it, so reactions on kudos count.";
    }

    static String kudosChannelAlreadyIn(String channelId) {
        return "Kudos will be posted in <#" + channelId + ">. I'm already in it, so reactions on kudos count.";
    }

    static String kudosChannelNotJoined(String channelId, String error) {
        return "Kudos will be posted in <#" + channelId + ">, but I couldn't join it (Slack said `" + error
                + "`; a private channel needs an invitation). Invite me there with `/invite @Lodestar`:"
                + " until then kudos can't be posted there and reactions on them don't count.";
    }

    static String applied(CxRequest.Edit edit, Settings after) {
        if (edit instanceof CxRequest.SetMission) {
            return "Mission updated. " + mission(after.mission());
        } else if (edit instanceof CxRequest.SetDigestSchedule) {
            var digest = after.digest();
            return "Leaders will get the weekly digest on "
                    + capitalised(digest.day().name().toLowerCase(Locale.ROOT))
                    + "s at " + digest.time() + " in their own time zone"
                    + after.digestChannel()
                            .map(channel -> " (and <#" + channel + "> at " + digest.time() + " "
                                    + digest.channelZone().getId() + ")")
                            .orElse("")
                    + ".";
        } else if (edit instanceof CxRequest.SetDigestChannel set) {
            return "The weekly digest will also go to <#" + set.channelId() + ">, with totals only (each leader's own"
                    + " figures stay in their DM). Invite me there with `/invite @Lodestar` if it is private.";
        } else if (edit instanceof CxRequest.SetAllowance) {
            return "Everyone may now give " + after.allowance() + ", counted in their own time zone.";
        } else if (edit instanceof CxRequest.SetLeaderboard set) {
            return set.enabled()
                    ? "Leaderboard on: `/kudos top` shows the most-recognised people and values."
                    : "Leaderboard off: `/kudos top` shows only the most-used values, never people.";
        } else if (edit instanceof CxRequest.AddValue added) {
            return "Added " + SlackText.safe(added.value().tag()) + ".\n" + values(after.values());
        } else if (edit instanceof CxRequest.RemoveValue removed) {
            return "Removed #" + SlackText.safe(removed.name().replaceFirst("^#", "")) + ".\n" + values(after.values());
        } else if (edit instanceof CxRequest.AddToRole added) {
            return "Added " + mentions(added.userIds()) + ". " + members(added.role(), members(after, added.role()));
        } else if (edit instanceof CxRequest.RemoveFromRole removed) {
            return "Removed " + mentions(removed.userIds()) + ". "
                    + members(removed.role(), members(after, removed.role()));
        }
        throw new IllegalArgumentException("Unknown edit " + edit);
    }

    static List<LayoutBlock> home(Settings settings, boolean canManage) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText("Lodestar"))));
        blocks.add(section(s -> s.text(markdownText(INTRO))));
        blocks.add(divider());
        String mission = settings.mission()
                .map(text -> mission(settings.mission()))
                .orElse(
                        canManage
                                ? "*No CX mission yet.* Set one with `/cx mission <text>`: one or two sentences on why we exist"
                                        + " for our customers."
                                : "*No CX mission yet.* Ask a Lodestar admin to set one.");
        blocks.add(section(s -> s.text(markdownText(SlackText.truncate(mission, SlackText.SECTION_TEXT_LIMIT)))));
        blocks.add(divider());
        blocks.add(section(s -> s.text(markdownText("*Our CX values*"))));
        if (settings.values().isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(values(settings.values())))));
        }
        for (CxValue value : settings.values()) {
            blocks.add(section(s -> s.text(
                    markdownText("*" + SlackText.safe(value.tag()) + "*\n" + SlackText.safe(value.description())))));
        }
        blocks.add(divider());
        commandSections().forEach(text -> blocks.add(section(s -> s.text(markdownText(text)))));
        return blocks;
    }

    private static List<String> members(Settings settings, Role role) {
        return role == Role.LEADER ? settings.leaders() : settings.admins();
    }

    private static String mentions(List<String> userIds) {
        return userIds.stream().map(id -> "<@" + id + ">").collect(Collectors.joining(", "));
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
