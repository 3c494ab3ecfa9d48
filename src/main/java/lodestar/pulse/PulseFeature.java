package lodestar.pulse;

import com.slack.api.bolt.App;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lodestar.delivery.Courier;
import lodestar.inbox.Inbox;
import lodestar.schedule.Scheduler;
import lodestar.secret.ServerSecret;
import lodestar.slack.AfterAck;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Actor;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;
import org.quartz.JobBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** Pulse surveys: {@code /pulse}, the survey modal, answer buttons, and the every-minute clockwork. */
public final class PulseFeature {
    static final Duration TICK = Duration.ofMinutes(1);

    private final PulseService service;
    /** Answers recorded before their ack, on the request threads' own connections ({@code Database#ackDsl}). */
    private final PulseAnswers answersBeforeAck;

    private final PulseRunner runner;
    private final Courier courier;
    private final SlackApi slack;
    private final SlackUsers users;
    private final AfterAck afterAck;
    private final Usergroups usergroups;
    private final Duration slackBeforeAck;

    private PulseFeature(
            PulseService service,
            PulseAnswers answersBeforeAck,
            PulseRunner runner,
            Courier courier,
            SlackApi slack,
            SlackUsers users,
            AfterAck afterAck,
            Duration slackBeforeAck,
            Usergroups usergroups) {
        this.service = service;
        this.answersBeforeAck = answersBeforeAck;
        this.slackBeforeAck = slackBeforeAck;
        this.runner = runner;
        this.courier = courier;
        this.slack = slack;
        this.users = users;
        this.afterAck = afterAck;
        this.usergroups = usergroups;
    }

    /** {@code slackBeforeAck} bounds what {@code /pulse new} asks Slack before it opens the form. */
    public static PulseFeature create(
            DSLContext dsl,
            DSLContext ackDsl,
            WorkspaceService workspace,
            Scheduler scheduler,
            SlackApi slack,
            SlackUsers users,
            Clock clock,
            Courier courier,
            AfterAck afterAck,
            Duration slackBeforeAck,
            ServerSecret secret) {
        var service = new PulseService(dsl, workspace, clock, secret);
        new LegacyAnswers(dsl, secret).seal();
        new PulseDelivered(clock).register(courier);
        var runner = new PulseRunner(
                service, new PulseSender(dsl, workspace, clock, service.answers()), slack, users, courier);
        scheduler.register(PulseTickJob.class, () -> new PulseTickJob(runner));
        scheduler.scheduleIfAbsent(
                JobBuilder.newJob(PulseTickJob.class)
                        .withIdentity("pulse-tick", "pulse")
                        .build(),
                TriggerBuilder.newTrigger()
                        .withIdentity(new TriggerKey("pulse-tick", "pulse"))
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                .withIntervalInSeconds((int) TICK.toSeconds())
                                .repeatForever()
                                .withMisfireHandlingInstructionNextWithRemainingCount())
                        .build());
        return new PulseFeature(
                service,
                new PulseAnswers(ackDsl, secret, clock),
                runner,
                courier,
                slack,
                users,
                afterAck,
                slackBeforeAck,
                new Usergroups(dsl, slack, clock));
    }

    public PulseService service() {
        return service;
    }

    /**
     * Runs the clockwork once now, then delivers on this thread everything due in the outbox, so that what the tick
     * sent has reached Slack when it returns. The Quartz job runs only the clockwork, every minute, and leaves the
     * delivery to the courier's background senders: a survey to thousands never holds the job.
     */
    public void tick() {
        runner.tick();
        courier.drain();
    }

    public void register(App bolt, Inbox inbox) {
        bolt.command(
                PulseCommand.COMMAND,
                new PulseCommand(service, runner, slack, users, usergroups, inbox, slackBeforeAck));
        new PulseActions(answersBeforeAck, service.answers(), slack, afterAck.interactive()).register(bolt);
        bolt.viewSubmission(PulseModal.CALLBACK_ID, (request, ctx) -> {
            // Only what needs no Web API call happens before the ack: reading and checking the form, with the user
            // groups stored when the form was opened (by whichever instance). Who may create surveys is checked after
            // the ack.
            var payload = request.getPayload();
            var actor =
                    new Actor(payload.getTeam().getId(), null, payload.getUser().getId());
            Map<String, String> errors = new LinkedHashMap<>();
            var groups = usergroups.known(actor.teamId());
            var draft = PulseModal.draft(
                    payload.getView().getState(),
                    handle -> groups.flatMap(ids -> Optional.ofNullable(ids.get(handle.toLowerCase(Locale.ROOT)))),
                    errors);
            if (groups.isEmpty() && errors.containsKey(PulseModal.USERGROUP)) {
                errors.put(
                        PulseModal.USERGROUP,
                        "Slack's list of user groups isn't loaded yet; submit again in a" + " moment.");
                afterAck.background().execute(() -> usergroups.refresh(actor.teamId()));
            } else if (errors.containsKey(PulseModal.USERGROUP)) {
                // Perhaps a group made since the list was loaded: a new submission then finds it.
                afterAck.background().execute(() -> usergroups.refreshIfStale(actor.teamId()));
            }
            if (errors.isEmpty()) {
                draft.problems().forEach((field, problem) -> errors.put(PulseModal.blockFor(field), problem));
            }
            if (!errors.isEmpty()) {
                return ctx.ack(r -> r.responseAction("errors").errors(errors));
            }
            afterAck.background()
                    .execute(() -> slack.forTeam(actor.teamId())
                            .call(
                                    "chat.postMessage",
                                    client -> client.chatPostMessage(r ->
                                            r.channel(actor.userId()).text(created(service.create(actor, draft))))));
            return ctx.ack();
        });
    }

    private static String created(PulseService.Created created) {
        if (created instanceof PulseService.Created.Done done) {
            return ":white_check_mark: Pulse survey #"
                    + done.series().id() + " *" + done.series().title()
                    + "* opens "
                    + PulseMessages.when(done.opensAt(), done.series().zone()) + " ("
                    + done.series().recurrence().words() + ", open "
                    + done.series().openDays() + " days, results"
                    + " from " + done.series().minGroup() + " answers).";
        }
        if (created instanceof PulseService.Created.Invalid invalid) {
            return "Your pulse survey was not created: "
                    + String.join(" ", invalid.problems().values());
        }
        return "Your pulse survey was not created: only admins and leaders (`/cx leaders`) can create pulse surveys.";
    }
}
