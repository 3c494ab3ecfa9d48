package lodestar.pulse;

import com.slack.api.bolt.App;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import lodestar.schedule.Scheduler;
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
    private final PulseRunner runner;
    private final SlackApi slack;
    private final SlackUsers users;
    private final Executor afterAck;

    private PulseFeature(
            PulseService service, PulseRunner runner, SlackApi slack, SlackUsers users, Executor afterAck) {
        this.service = service;
        this.runner = runner;
        this.slack = slack;
        this.users = users;
        this.afterAck = afterAck;
    }

    public static PulseFeature create(
            DSLContext dsl,
            WorkspaceService workspace,
            Scheduler scheduler,
            SlackApi slack,
            SlackUsers users,
            Clock clock,
            SlackApi.Sleeper pacer,
            Executor afterAck) {
        var service = new PulseService(dsl, workspace, clock);
        var runner = new PulseRunner(service, workspace, slack, users, pacer);
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
        return new PulseFeature(service, runner, slack, users, afterAck);
    }

    public PulseService service() {
        return service;
    }

    /** Runs the clockwork once now (what the Quartz job does every minute). */
    public void tick() {
        runner.tick();
    }

    public void register(App bolt) {
        bolt.command(PulseCommand.COMMAND, new PulseCommand(service, runner, slack, users, afterAck));
        new PulseActions(service, slack, afterAck).register(bolt);
        bolt.viewSubmission(PulseModal.CALLBACK_ID, (request, ctx) -> {
            var payload = request.getPayload();
            var actor =
                    new Actor(payload.getTeam().getId(), null, payload.getUser().getId());
            Map<String, String> errors = new LinkedHashMap<>();
            var draft = PulseModal.draft(payload.getView().getState(), this::usergroup, errors);
            if (!errors.isEmpty()) {
                return ctx.ack(r -> r.responseAction("errors").errors(errors));
            }
            var created = service.create(actor, draft);
            if (created instanceof PulseService.Created.Invalid invalid) {
                invalid.problems().forEach((field, problem) -> errors.put(PulseModal.blockFor(field), problem));
                return ctx.ack(r -> r.responseAction("errors").errors(errors));
            }
            if (created instanceof PulseService.Created.Done done) {
                String text = ":white_check_mark: Pulse survey #"
                        + done.series().id() + " *" + done.series().title()
                        + "* opens "
                        + PulseMessages.when(done.opensAt(), done.series().zone()) + " ("
                        + done.series().recurrence().words() + ", open "
                        + done.series().openDays() + " days, results"
                        + " from " + done.series().minGroup() + " answers).";
                afterAck.execute(() -> slack.call(
                        "chat.postMessage",
                        client -> client.chatPostMessage(
                                r -> r.channel(actor.userId()).text(text))));
                return ctx.ack();
            }
            return ctx.ack(r -> r.responseAction("errors")
                    .errors(Map.of(PulseModal.TEMPLATE, "Only admins and leaders can create pulse surveys.")));
        });
    }

    /** A user group's id from its handle (usergroups.list), for surveys sent to a group. */
    private Optional<String> usergroup(String handle) {
        return slack.call("usergroups.list", client -> client.usergroupsList(r -> r))
                .flatMap(response -> response.getUsergroups().stream()
                        .filter(group -> handle.equalsIgnoreCase(group.getHandle()))
                        .map(group -> group.getId())
                        .findFirst());
    }
}
