package lodestar.digest;

import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.bolt.App;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import lodestar.delivery.Courier;
import lodestar.pulse.PulseService;
import lodestar.quotes.QuoteService;
import lodestar.recognition.RecognitionService;
import lodestar.schedule.Scheduler;
import lodestar.slack.AfterAck;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Actor;
import lodestar.workspace.DigestView;
import lodestar.workspace.WorkspaceFeature;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;
import org.quartz.JobBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** The weekly leader digest: deliveries, {@code /cx digest}, and "How is this computed?". */
public final class DigestFeature {
    private final DigestService service;
    private final DigestSender sender;
    private final DigestCharts charts;
    private final Courier courier;
    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final SlackUsers users;
    private final Clock clock;
    private final AfterAck afterAck;

    private DigestFeature(
            DigestService service,
            DigestSender sender,
            DigestCharts charts,
            Courier courier,
            WorkspaceService workspace,
            SlackApi slack,
            SlackUsers users,
            Clock clock,
            AfterAck afterAck) {
        this.service = service;
        this.sender = sender;
        this.charts = charts;
        this.courier = courier;
        this.workspace = workspace;
        this.slack = slack;
        this.users = users;
        this.clock = clock;
        this.afterAck = afterAck;
    }

    public static DigestFeature create(
            DSLContext dsl,
            WorkspaceService workspace,
            RecognitionService recognition,
            QuoteService quotes,
            PulseService pulse,
            Scheduler scheduler,
            Courier courier,
            SlackApi slack,
            SlackUsers users,
            Clock clock,
            AfterAck afterAck) {
        var service = new DigestService(workspace, recognition, quotes, pulse);
        var charts = new DigestCharts(service, slack, dsl, clock);
        var sender = new DigestSender(service, workspace, slack, users, dsl, courier, charts, clock);
        courier.handle(DigestSender.KIND, new DigestOutcomes(workspace, charts, clock));
        scheduler.register(DigestJobs.Deliver.class, () -> new DigestJobs.Deliver(sender));
        scheduler.register(DigestJobs.RefreshMembers.class, () -> new DigestJobs.RefreshMembers(workspace));
        scheduler.scheduleIfAbsent(
                JobBuilder.newJob(DigestJobs.Deliver.class)
                        .withIdentity("digest-deliver", "digest")
                        .build(),
                TriggerBuilder.newTrigger()
                        .withIdentity(new TriggerKey("digest-deliver", "digest"))
                        .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(5)
                                .withMisfireHandlingInstructionNextWithRemainingCount())
                        .build());
        scheduler.scheduleIfAbsent(
                JobBuilder.newJob(DigestJobs.RefreshMembers.class)
                        .withIdentity("members-refresh", "digest")
                        .build(),
                Scheduler.cron(new TriggerKey("members-refresh", "digest"), "0 0 4 * * ?", ZoneOffset.UTC));
        return new DigestFeature(service, sender, charts, courier, workspace, slack, users, clock, afterAck);
    }

    public DigestService service() {
        return service;
    }

    /**
     * Sends the digests that are due now, as the Quartz job does every 5 minutes, and then, on this thread, whatever
     * else the outbox has due (a digest retried after its back-off, a notice to an admin) with the charts owed: so
     * that what it sent is visible when it returns (tests, and a run by hand). The job itself leaves retries and
     * notices to the outbox's background senders.
     */
    public void deliver() {
        sender.tick();
        courier.drain();
        charts.upload();
    }

    public void register(App bolt, WorkspaceFeature workspaceFeature) {
        workspaceFeature.setDigestView(this::show);
        bolt.blockAction(DigestMessages.INDEX_ACTION, (request, ctx) -> {
            var payload = request.getPayload();
            String used = payload.getActions().get(0).getValue();
            afterAck.interactive()
                    .execute(() -> slack.respond(
                            payload.getResponseUrl(),
                            ActionResponse.builder()
                                    .responseType("ephemeral")
                                    .replaceOriginal(false)
                                    .text(CultureIndex.FORMULA
                                            + (used == null || used.isBlank()
                                                    ? ""
                                                    : "\nThis week's index used: " + used + "."))
                                    .build()));
            return ctx.ack();
        });
    }

    /** {@code /cx digest}: the last 7 days, now; leaders and admins only. */
    private DigestView.Reply show(Actor actor) {
        boolean leader = workspace.isLeader(actor.teamId(), actor.userId());
        if (!leader && !workspace.canManage(actor.teamId(), actor.userId())) {
            return new DigestView.Reply(
                    "The digest is for leaders and admins. An admin can add leaders with"
                            + " `/cx leaders add @someone`.",
                    java.util.List.of());
        }
        var zone = users.find(actor.teamId(), actor.userId())
                .map(SlackUser::timeZone)
                .orElse(workspace
                        .settings(actor.teamId(), actor.enterpriseId())
                        .digest()
                        .channelZone());
        var prepared = sender.prepare(actor.teamId(), clock.instant(), zone);
        var blocks = DigestMessages.render(
                prepared.digest(), leader ? Optional.of(actor.userId()) : Optional.empty(), prepared.links(), zone);
        return new DigestView.Reply(DigestMessages.text(prepared.digest()), blocks);
    }
}
