package lodestar.recognition;

import static lodestar.recognition.RecognitionService.IMPACT_MAX;
import static lodestar.recognition.RecognitionService.MAX_RECIPIENTS;
import static lodestar.recognition.RecognitionService.REASON_MAX;
import static lodestar.recognition.RecognitionService.REASON_MIN;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import lodestar.recognition.GiveResult.Field;
import lodestar.recognition.GiveResult.Problem;
import lodestar.slack.SlackText;
import lodestar.slack.SlackUser;
import lodestar.workspace.Actor;
import lodestar.workspace.CxValue;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The rules a give is checked against before anything is stored: who is thanked, the values named, the length of
 * the texts and a channel to post in; and what is said when the giver's allowance is spent, which is checked in the
 * give's transaction. Each problem names the field of the modal it belongs to.
 */
final class GiveChecks {
    /** Said when Slack could not be asked who someone is: never a reason of the person's. */
    static final String SLACK_NOT_ANSWERING = "Slack didn't answer when Lodestar checked who you're thanking, so"
            + " nothing was given. Please try again in a minute.";

    /** Who a user is, as far as a give needs to know: empty when Slack did not answer, empty inside when no one. */
    interface Directory {
        Optional<Optional<SlackUser>> find(String teamId, String userId);
    }

    private GiveChecks() {}

    static Optional<Problem> checkRecipients(Directory directory, Actor giver, List<String> recipients) {
        if (recipients.isEmpty()) {
            return problem(
                    Field.RECIPIENTS,
                    "Mention who you're thanking, e.g. `/kudos @alice #ownership Stayed late to"
                            + " fix Acme's export`.");
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            return problem(
                    Field.RECIPIENTS,
                    "You can thank at most " + MAX_RECIPIENTS + " people at once (you named " + recipients.size()
                            + ").");
        }
        if (recipients.contains(giver.userId())) {
            return problem(Field.RECIPIENTS, "You can't give kudos to yourself: thank someone who helped a customer.");
        }
        // Mentions carry the person's name as their label: the command shows the mention, while the modal's
        // plain-text field errors show the name (never a raw user id).
        for (String recipient : recipients) {
            var answer = directory.find(giver.teamId(), recipient);
            if (answer.isEmpty()) {
                return problem(Field.RECIPIENTS, SLACK_NOT_ANSWERING);
            }
            var user = answer.get();
            if (user.isEmpty()) {
                return problem(
                        Field.RECIPIENTS,
                        "Slack doesn't know " + mention(recipient, "one of the people you chose")
                                + ": they may have left the workspace.");
            }
            String who = mention(recipient, user.get().name());
            if (user.get().isBot() || "USLACKBOT".equals(recipient)) {
                return problem(Field.RECIPIENTS, who + " is a bot: kudos are for people.");
            }
            if (user.get().deleted()) {
                return problem(Field.RECIPIENTS, who + "'s account is deactivated, so they can't receive kudos.");
            }
        }
        return Optional.empty();
    }

    private static String mention(String userId, String name) {
        return "<@" + userId + "|" + name.replaceAll("[<>|&]", "") + ">";
    }

    static List<String> resolveValues(List<String> typed, List<CxValue> known, List<Problem> problems) {
        List<String> resolved = new ArrayList<>();
        for (String name : typed) {
            String bare = name.strip().replaceFirst("^#", "");
            var match = known.stream()
                    .filter(value -> value.name().equalsIgnoreCase(bare))
                    .findFirst();
            if (match.isPresent()) {
                if (!resolved.contains(match.get().name())) {
                    resolved.add(match.get().name());
                }
            } else {
                problems.add(new Problem(Field.VALUES, unknownValue(bare, known)));
            }
        }
        return resolved;
    }

    private static String unknownValue(String name, List<CxValue> known) {
        var distance = LevenshteinDistance.getDefaultInstance();
        var closest = known.stream()
                .min((a, b) -> Integer.compare(
                        distance.apply(a.name().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)),
                        distance.apply(b.name().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))))
                .filter(value -> distance.apply(value.name().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                        <= Math.max(2, name.length() / 3));
        String all = known.stream().map(CxValue::tag).collect(Collectors.joining(", "));
        return "#" + SlackText.plain(name) + " isn't one of our values."
                + closest.map(v -> " Did you mean " + v.tag() + "?").orElse("") + " Our values: " + all + ".";
    }

    static void checkTexts(GiveRequest request, List<Problem> problems) {
        int length = SlackText.plain(request.reason()).strip().length();
        if (length < REASON_MIN) {
            problems.add(new Problem(
                    Field.REASON, "Say what they did for the customer, in at least " + REASON_MIN + " characters."));
        } else if (length > REASON_MAX) {
            problems.add(new Problem(
                    Field.REASON,
                    "The reason can be at most " + String.format("%,d", REASON_MAX) + " characters (yours has "
                            + String.format("%,d", length) + ")."));
        }
        request.customerImpact().ifPresent(impact -> {
            int impactLength = SlackText.plain(impact).length();
            if (impactLength > IMPACT_MAX) {
                problems.add(new Problem(
                        Field.CUSTOMER_IMPACT,
                        "The customer impact can be at most " + IMPACT_MAX + " characters (yours has " + impactLength
                                + ")."));
            }
        });
    }

    static void checkChannel(String postChannel, List<Problem> problems) {
        if (postChannel == null || postChannel.startsWith("D")) {
            problems.add(
                    new Problem(
                            Field.CHANNEL,
                            "Kudos are posted in a channel for everyone to see, and none is set"
                                    + " yet. Use /kudos in a channel, or ask an admin to set one with `/cx channel kudos #channel`."));
        }
    }

    static String allowanceExceeded(Remaining left, int wanted) {
        String period = left.allowance().period().label();
        return "You have " + left.left() + " kudos left this " + period + " (each person thanked counts as one; the"
                + " allowance is " + left.allowance() + ")" + (wanted > 1 && left.left() > 0 ? ", not " + wanted : "")
                + ". It resets " + RecognitionMessages.when(left.resetsAt()) + " your time.";
    }

    private static Optional<Problem> problem(Field field, String message) {
        return Optional.of(new Problem(field, message));
    }
}
