package lodestar.pulse;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.inbox.Inbox;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackText;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Actor;

/**
 * {@code /pulse}: new (modal), list, results, close, pause, resume. Help and the list are answered in the ack; the rest
 * is recorded in the inbox, acked at once and answered after.
 */
final class PulseCommand implements SlashCommandHandler {
    static final String COMMAND = "/pulse";
    static final String NOT_OPENED =
            "The survey form could not open (Slack did not answer in time). Please use `/pulse new` again.";

    private final PulseService service;
    private final PulseRunner runner;
    private final SlackApi slack;
    private final SlackUsers users;
    private final Usergroups usergroups;
    private final Inbox inbox;
    private final Duration lookupBeforeOpening;

    PulseCommand(
            PulseService service,
            PulseRunner runner,
            SlackApi slack,
            SlackUsers users,
            Usergroups usergroups,
            Inbox inbox,
            Duration slackBeforeAck) {
        // views.open must follow within the trigger's 3 s, so the lookup before it gets half the ack's budget.
        this.lookupBeforeOpening = slackBeforeAck.dividedBy(2);
        this.service = service;
        this.runner = runner;
        this.slack = slack;
        this.users = users;
        this.usergroups = usergroups;
        this.inbox = inbox;
        // Closing announces every run due (in the database: the courier posts): a long job.
        inbox.register(
                COMMAND,
                this::handle,
                command -> Typed.of(command.getText()).verb().equals("close"));
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext ctx) {
        var payload = request.getPayload();
        var actor = new Actor(payload.getTeamId(), payload.getEnterpriseId(), payload.getUserId());
        var typed = Typed.of(payload.getText());
        switch (typed.verb()) {
            case "", "help" -> {
                return ctx.ack(ephemeral(PulseMessages.HELP));
            }
            case "list" -> {
                return ctx.ack(ephemeral(list(actor.teamId())));
            }
            case "new" -> {
                return Inbox.ack(inbox.accept(payload), ctx);
            }
            case "results", "close", "pause", "resume" -> {
                if (typed.number().isEmpty()) {
                    return ctx.ack(ephemeral(
                            "Give the survey's number, e.g. `/pulse " + typed.verb() + " 3` (see `/pulse list`)."));
                }
                return Inbox.ack(inbox.accept(payload), ctx);
            }
            default -> {
                return ctx.ack(
                        ephemeral("I don't know `/pulse " + SlackText.echo(typed.word()) + "`. Try `/pulse help`."));
            }
        }
    }

    /** The verb as typed (lower case), its first word as typed, and the number after it, if any. */
    private record Typed(String verb, String word, Optional<Long> number) {
        static Typed of(String text) {
            String[] words = (text == null ? "" : text.strip()).split("\\s+");
            Optional<Long> number = Optional.empty();
            if (words.length == 2 && words[1].replaceFirst("^#", "").matches("\\d{1,18}")) {
                number = Optional.of(Long.parseLong(words[1].replaceFirst("^#", "")));
            }
            return new Typed(words[0].toLowerCase(Locale.ROOT), words[0], number);
        }
    }

    /** A new survey's form, or a survey's results and changes, on a worker of the inbox. */
    private void handle(SlashCommandPayload payload) {
        var actor = new Actor(payload.getTeamId(), payload.getEnterpriseId(), payload.getUserId());
        var typed = Typed.of(payload.getText());
        if (typed.verb().equals("new")) {
            openForm(actor, payload);
            return;
        }
        long number = typed.number().orElseThrow();
        slack.respond(
                payload.getResponseUrl(),
                typed.verb().equals("results") ? results(actor, number) : ephemeral(act(actor, typed.verb(), number)));
    }

    private void openForm(Actor actor, SlashCommandPayload payload) {
        // The trigger_id lapses 3 s after the command: before views.open, at most one users.info try that never
        // waits out a rate limit (none when the user is cached). It gives both whether a Slack admin may create
        // surveys and the form's default zone. When Slack does not answer in time, the form opens in UTC and its
        // submission checks who may create surveys.
        var user = users.findWithin(actor.teamId(), List.of(actor.userId()), lookupBeforeOpening)
                .getOrDefault(actor.userId(), Optional.empty());
        if (user.isPresent() && !service.canRun(actor.teamId(), actor.userId())) {
            slack.respond(payload.getResponseUrl(), ephemeral(notAllowed()));
            return;
        }
        var zone = user.map(SlackUser::timeZone).orElse(ZoneId.of("UTC"));
        if (!slack.openForm(payload, PulseModal.build(zone), NOT_OPENED)) {
            return;
        }
        // Loaded while the form is filled in, so that reading it needs no Web API call.
        usergroups.refreshIfStale(actor.teamId());
    }

    private String act(Actor actor, String verb, long id) {
        switch (verb) {
            case "close" -> {
                if (!service.canRun(actor.teamId(), actor.userId())) {
                    return notAllowed();
                }
                return service.closeNow(actor, id)
                        .map(closed -> {
                            runner.announceDue();
                            return "Survey run #" + id + " closed; its results are posted where it ran.";
                        })
                        .orElse("Survey run #" + id + " is unknown or closed already.");
            }
            default -> {
                boolean paused = verb.equals("pause");
                return service.setPaused(actor, id, paused)
                        ? "Series #" + id
                                + (paused ? " paused: no new runs until `/pulse resume " + id + "`." : " resumed.")
                        : (service.canRun(actor.teamId(), actor.userId())
                                ? "There is no series #" + id + "."
                                : notAllowed());
            }
        }
    }

    /** Two queries, before the ack, whatever the number of series and runs (see {@link PulseListing}). */
    private String list(String teamId) {
        var series = service.listing(teamId);
        if (series.isEmpty()) {
            return "No pulse surveys yet. Admins and leaders create one with `/pulse new`.";
        }
        var text = new StringBuilder("*Pulse surveys*\n");
        for (var s : series) {
            text.append("• Series #")
                    .append(s.id())
                    .append(" *")
                    .append(lodestar.slack.SlackText.safe(s.title()))
                    .append("* — ")
                    .append(s.recurrence().words())
                    .append(s.paused() ? " (paused)" : "")
                    .append('\n');
            for (var run : s.runs()) {
                text.append("   run #")
                        .append(run.id())
                        .append(": ")
                        .append(run.closed() ? "closed" : "open until " + PulseMessages.when(run.closesAt(), s.zone()))
                        .append(" — ")
                        .append(run.respondents())
                        .append(" of ")
                        .append(run.audience())
                        .append(" answered\n");
            }
        }
        return text.toString().strip();
    }

    /**
     * The results as the same blocks as the posted ones, each piece of user text escaped once where it is rendered:
     * never flattened to text and re-escaped, which could bring a comment's ping or disguised link back to life.
     */
    private SlashCommandResponse results(Actor actor, long runId) {
        var outcome = service.resultsFor(actor, runId);
        if (outcome instanceof PulseService.ResultsFor.Refused refused) {
            return ephemeral(refused.reason());
        }
        var results = ((PulseService.ResultsFor.Shown) outcome).results();
        return SlashCommandResponse.builder()
                .responseType("ephemeral")
                .text(lodestar.slack.SlackText.safe(ResultsMessages.resultsText(results)))
                .blocks(ResultsMessages.results(results))
                .build();
    }

    private static String notAllowed() {
        return "Only admins and leaders (`/cx leaders`) can create and run pulse surveys.";
    }

    private static SlashCommandResponse ephemeral(String text) {
        return SlashCommandResponse.builder()
                .responseType("ephemeral")
                .text(text)
                .build();
    }
}
