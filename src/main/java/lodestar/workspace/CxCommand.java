package lodestar.workspace;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import lodestar.inbox.Inbox;
import lodestar.slack.SlackApi;

/**
 * {@code /cx}: reading settings is answered in the ack; changing them needs a role check with Slack, and the digest
 * reads a week of everything, so those are recorded in the inbox, acked at once and answered through the response URL.
 */
final class CxCommand implements SlashCommandHandler {
    static final String COMMAND = "/cx";

    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final Inbox inbox;
    private final Supplier<DigestView> digest;

    CxCommand(WorkspaceService workspace, SlackApi slack, Inbox inbox, Supplier<DigestView> digest) {
        this.digest = digest;
        this.workspace = workspace;
        this.slack = slack;
        this.inbox = inbox;
        // The digest reads a week of everything and may look leaders up: a long job.
        inbox.register(
                COMMAND, this::handle, command -> CxParser.parse(command.getText()) instanceof CxRequest.ShowDigest);
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext ctx) {
        var payload = request.getPayload();
        var actor = new Actor(payload.getTeamId(), payload.getEnterpriseId(), payload.getUserId());
        var parsed = CxParser.parse(payload.getText());
        if (parsed instanceof CxRequest.Edit || parsed instanceof CxRequest.ShowDigest) {
            return Inbox.ack(inbox.accept(payload), ctx);
        }
        if (parsed instanceof CxRequest.Help) {
            return ctx.ack(r -> r.responseType("ephemeral")
                    .text(WorkspaceMessages.helpText())
                    .blocks(WorkspaceMessages.help()));
        }
        return ctx.ack(ephemeral(read(actor, parsed)));
    }

    /** A change (role check with Slack) or the digest (a week of everything), on a worker of the inbox. */
    private void handle(SlashCommandPayload payload) {
        var actor = new Actor(payload.getTeamId(), payload.getEnterpriseId(), payload.getUserId());
        var parsed = CxParser.parse(payload.getText());
        if (parsed instanceof CxRequest.Edit edit) {
            slack.respond(payload.getResponseUrl(), ephemeral(change(actor, edit)));
            return;
        }
        var view = digest.get();
        var reply = view == null ? new DigestView.Reply("The digest is not available.", List.of()) : view.show(actor);
        slack.respond(
                payload.getResponseUrl(),
                SlashCommandResponse.builder()
                        .responseType("ephemeral")
                        .text(reply.text())
                        .blocks(reply.blocks().isEmpty() ? null : reply.blocks())
                        .build());
    }

    private String read(Actor actor, CxRequest request) {
        if (request instanceof CxRequest.Malformed malformed) {
            return malformed.message();
        }
        var settings = workspace.settings(actor.teamId(), actor.enterpriseId());
        if (request instanceof CxRequest.ShowMission) {
            return WorkspaceMessages.mission(settings.mission());
        } else if (request instanceof CxRequest.ListValues) {
            return WorkspaceMessages.values(settings.values());
        } else if (request instanceof CxRequest.ShowRecognition) {
            return WorkspaceMessages.recognition(settings);
        } else if (request instanceof CxRequest.ListRole list) {
            return WorkspaceMessages.members(
                    list.role(), list.role() == Role.LEADER ? settings.leaders() : settings.admins());
        }
        throw new IllegalArgumentException("Unknown request " + request);
    }

    private String change(Actor actor, CxRequest.Edit edit) {
        Change change;
        if (edit instanceof CxRequest.SetMission set) {
            change = workspace.setMission(actor, set.text());
        } else if (edit instanceof CxRequest.SetDigestSchedule set) {
            change = workspace.setDigestSchedule(actor, set.day(), set.time());
        } else if (edit instanceof CxRequest.SetDigestChannel set) {
            change = workspace.setDigestChannel(actor, set.channelId());
        } else if (edit instanceof CxRequest.SetKudosChannel set) {
            change = workspace.setKudosChannel(actor, set.channelId());
        } else if (edit instanceof CxRequest.SetAllowance set) {
            change = workspace.setAllowance(actor, set.allowance());
        } else if (edit instanceof CxRequest.SetLeaderboard set) {
            change = workspace.setLeaderboard(actor, set.enabled());
        } else if (edit instanceof CxRequest.AddValue add) {
            change = workspace.addValue(actor, add.value());
        } else if (edit instanceof CxRequest.RemoveValue remove) {
            change = workspace.removeValue(actor, remove.name());
        } else if (edit instanceof CxRequest.AddToRole add) {
            change = workspace.addToRole(actor, add.role(), add.userIds());
        } else if (edit instanceof CxRequest.RemoveFromRole remove) {
            change = workspace.removeFromRole(actor, remove.role(), remove.userIds());
        } else {
            throw new IllegalArgumentException("Unknown edit " + edit);
        }
        if (change instanceof Change.Invalid invalid) {
            return invalid.reason();
        } else if (change instanceof Change.NotAllowed) {
            return WorkspaceMessages.notAllowed(workspace.members(actor.teamId(), Role.ADMIN));
        } else if (change instanceof Change.RoleUnknown) {
            return WorkspaceMessages.ROLE_UNKNOWN;
        }
        if (edit instanceof CxRequest.SetKudosChannel set) {
            return joinKudosChannel(actor.teamId(), set.channelId());
        }
        return WorkspaceMessages.applied(edit, workspace.settings(actor.teamId(), actor.enterpriseId()));
    }

    /**
     * The bot joins the recognition channel: Slack sends reactions only from channels the bot is in, and they
     * count for the spotlight. Says whether it joined, was in the channel already, or could not join.
     */
    private String joinKudosChannel(String teamId, String channelId) {
        var slack = this.slack.forTeam(teamId);
        var joined = slack.attempt("conversations.join", client -> client.conversationsJoin(r -> r.channel(channelId)));
        if (joined.ok()) {
            return WorkspaceMessages.kudosChannelJoined(channelId);
        }
        if (PRIVATE_CHANNEL_ERRORS.contains(joined.error()) && canSeePrivateChannel(slack, channelId)) {
            return WorkspaceMessages.kudosChannelAlreadyIn(channelId);
        }
        return WorkspaceMessages.kudosChannelNotJoined(channelId, joined.error());
    }

    /** What {@code conversations.join} says about a private channel, whether or not the bot was invited. */
    private static final Set<String> PRIVATE_CHANNEL_ERRORS =
            Set.of("method_not_supported_for_channel_type", "channel_not_found");

    /**
     * A private channel cannot be joined, even by a bot already invited. A bot token sees a private channel only
     * when it is a member (groups:read), so a one-member page of {@code conversations.members} tells whether it
     * was invited, with scopes the app already has.
     */
    private static boolean canSeePrivateChannel(SlackApi slack, String channelId) {
        return slack.attempt(
                        "conversations.members",
                        client -> client.conversationsMembers(
                                r -> r.channel(channelId).limit(1)))
                .ok();
    }

    private static SlashCommandResponse ephemeral(String text) {
        return SlashCommandResponse.builder()
                .responseType("ephemeral")
                .text(text)
                .build();
    }
}
