package lodestar.quotes;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import lodestar.inbox.Inbox;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Actor;
import lodestar.workspace.Change;
import lodestar.workspace.WorkspaceService;

/**
 * {@code /quote}: reads are answered in the ack; changes need Slack (roles, time zones), so they are recorded in the
 * inbox and answered after it.
 */
final class QuoteCommand implements SlashCommandHandler {
    static final String COMMAND = "/quote";
    static final String NOT_OPENED =
            "The form to add a quote could not open (Slack did not answer in time). Please use `/quote add` again.";

    private final QuoteService service;
    private final WorkspaceService workspace;
    private final DailyQuote daily;
    private final SlackApi slack;
    private final SlackUsers users;
    private final Inbox inbox;

    QuoteCommand(
            QuoteService service,
            WorkspaceService workspace,
            DailyQuote daily,
            SlackApi slack,
            SlackUsers users,
            Inbox inbox) {
        this.service = service;
        this.workspace = workspace;
        this.daily = daily;
        this.slack = slack;
        this.users = users;
        this.inbox = inbox;
        inbox.register(COMMAND, this::handle, command -> false);
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext ctx) {
        var payload = request.getPayload();
        var actor = new Actor(payload.getTeamId(), payload.getEnterpriseId(), payload.getUserId());
        var parsed = QuoteParser.parse(payload.getText());
        if (parsed instanceof QuoteRequest.Help) {
            return ctx.ack(ephemeral(QuoteMessages.HELP));
        } else if (parsed instanceof QuoteRequest.Malformed malformed) {
            return ctx.ack(ephemeral(malformed.message()));
        } else if (parsed instanceof QuoteRequest.Search search) {
            return ctx.ack(
                    ephemeral(QuoteMessages.list(service.search(actor.teamId(), search.sentiment(), search.words()))));
        } else if (parsed instanceof QuoteRequest.ListSchedules) {
            return ctx.ack(ephemeral(QuoteMessages.schedules(
                    service.schedules(actor.teamId()),
                    schedule -> service.nextPost(actor.teamId(), schedule.channelId()))));
        }
        return Inbox.ack(inbox.accept(payload), ctx);
    }

    /** The form to add a quote, or a change (roles, time zones), on a worker of the inbox. */
    private void handle(SlashCommandPayload payload) {
        var actor = new Actor(payload.getTeamId(), payload.getEnterpriseId(), payload.getUserId());
        var parsed = QuoteParser.parse(payload.getText());
        if (parsed instanceof QuoteRequest.Add) {
            var view = QuoteModal.build(payload.getChannelId(), null, null);
            slack.openForm(payload, view, NOT_OPENED);
            return;
        }
        slack.respond(payload.getResponseUrl(), ephemeral(change(actor, parsed, payload.getTriggerId())));
    }

    /** A change; {@code triggerId} keys a post now, so that the command done again (after a crash) posts once. */
    private String change(Actor actor, QuoteRequest request, String triggerId) {
        if (request instanceof QuoteRequest.Remove remove) {
            var outcome = service.archive(actor, remove.quoteId());
            return outcome instanceof QuoteOutcome.NotDone notDone
                    ? notDone.reason()
                    : "Quote #" + remove.quoteId() + " archived; it won't be posted again.";
        } else if (request instanceof QuoteRequest.SetSchedule set) {
            var found = set.zone()
                    .or(() -> users.find(actor.teamId(), actor.userId()).map(SlackUser::timeZone));
            if (found.isEmpty()) {
                return "I couldn't look up your time zone in Slack, so nothing was scheduled. Name the time zone,"
                        + " e.g. `/quote schedule <#" + set.channelId() + "> " + set.time() + " Europe/Paris`.";
            }
            var zone = found.get();
            var schedule = new Schedule(set.channelId(), set.time(), zone, set.days(), actor.userId());
            return answer(
                    service.schedule(actor, schedule),
                    () -> "A customer quote will be posted in <#"
                            + set.channelId() + "> at " + set.time() + " " + zone.getId() + ", "
                            + schedule.daysInWords()
                            + service.nextPost(actor.teamId(), set.channelId())
                                    .map(next -> "; the first on " + QuoteMessages.when(next, zone))
                                    .orElse("")
                            + ". Make sure I'm in the channel (`/invite @Lodestar`).");
        } else if (request instanceof QuoteRequest.RemoveSchedule remove) {
            return answer(
                    service.unschedule(actor, remove.channelId()),
                    () -> "No more daily quotes in <#" + remove.channelId() + ">.");
        } else if (request instanceof QuoteRequest.PostNow post) {
            if (!workspace.canManage(actor.teamId(), actor.userId())) {
                return notAllowed();
            }
            return daily.now(actor.teamId(), post.channelId(), actor.userId(), triggerId);
        }
        throw new IllegalArgumentException("Unexpected request " + request);
    }

    private static String answer(Change change, java.util.function.Supplier<String> applied) {
        if (change instanceof Change.Invalid invalid) {
            return invalid.reason();
        }
        return change instanceof Change.NotAllowed ? notAllowed() : applied.get();
    }

    private static String notAllowed() {
        return "Only workspace admins, owners and Lodestar admins can manage daily quotes; nothing changed.";
    }

    private static SlashCommandResponse ephemeral(String text) {
        return SlashCommandResponse.builder()
                .responseType("ephemeral")
                .text(text)
                .build();
    }
}
