package lodestar;

import com.slack.api.Slack;
import java.util.Optional;
import lodestar.dashboard.DashboardFeature;
import lodestar.db.Database;
import lodestar.delivery.Courier;
import lodestar.digest.DigestFeature;
import lodestar.inbox.Inbox;
import lodestar.install.InstallFeature;
import lodestar.pulse.PulseFeature;
import lodestar.quotes.Quote;
import lodestar.quotes.QuotesFeature;
import lodestar.recognition.RecognitionFeature;
import lodestar.schedule.Scheduler;
import lodestar.secret.ServerSecret;
import lodestar.slack.AfterAck;
import lodestar.slack.BoltApp;
import lodestar.slack.HomeTab;
import lodestar.slack.ReactionEvents;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import lodestar.workspace.WorkspaceFeature;

/**
 * The features of Lodestar, built by {@link App} on the parts they share and registered with Bolt, the App Home tab,
 * reactions and the inbox, each after the features it uses.
 */
record Features(
        WorkspaceFeature workspace,
        RecognitionFeature recognition,
        QuotesFeature quotes,
        PulseFeature pulse,
        DigestFeature digest,
        Optional<DashboardFeature> dashboard) {

    /** Builds the features and registers them; the dashboard only when the app's client id and secret are set. */
    static Features wire(
            Config config,
            Seams seams,
            AfterAck afterAck,
            Database database,
            ServerSecret secret,
            Slack slackClient,
            SlackApi slack,
            SlackUsers users,
            Scheduler scheduler,
            Courier courier,
            BoltApp bolt,
            Inbox inbox,
            InstallFeature install) {
        var home = new HomeTab(slack, afterAck.interactive());
        home.register(bolt);
        var reactions = new ReactionEvents();
        reactions.register(bolt);
        var workspace = WorkspaceFeature.create(database.dsl(), slack, users, seams.clock(), afterAck);
        workspace.register(bolt, home, inbox);
        install.rememberOrganisations(bolt, workspace.service());
        var quotes = QuotesFeature.create(
                database.dsl(), workspace.service(), scheduler, courier, slack, users, seams.clock(), afterAck);
        var recognition = RecognitionFeature.create(
                database.dsl(),
                workspace.service(),
                slack,
                users,
                seams.clock(),
                afterAck,
                (teamId, quoteId) -> quotes.service().find(teamId, quoteId).map(Quote::text),
                seams.slackBeforeAck(),
                courier,
                seams.slackLimits());
        recognition.register(bolt, home, reactions, inbox);
        quotes.register(bolt, reactions, recognition::openKudosModal, inbox);
        var pulse = PulseFeature.create(
                database.dsl(),
                database.ackDsl(),
                workspace.service(),
                scheduler,
                slack,
                users,
                seams.clock(),
                courier,
                afterAck,
                seams.slackBeforeAck(),
                secret);
        pulse.register(bolt, inbox);
        var digest = DigestFeature.create(
                database.dsl(),
                workspace.service(),
                recognition.service(),
                quotes.service(),
                pulse.service(),
                scheduler,
                courier,
                slack,
                users,
                seams.clock(),
                afterAck);
        digest.register(bolt, workspace);
        // The leader dashboard, when the app's client id and secret allow Sign in with Slack.
        var dashboard = config.oauth()
                .map(oauth -> DashboardFeature.create(
                        database.dsl(),
                        secret,
                        slackClient,
                        oauth,
                        config.slackApiUrl(),
                        workspace.service(),
                        recognition.service(),
                        digest.service(),
                        quotes.service(),
                        pulse.service(),
                        // A workspace that installed Lodestar but has not used it yet has a dashboard too.
                        teamId -> install.installations()
                                .flatMap(installations -> installations.botToken(teamId))
                                .isPresent(),
                        seams.clock()));
        return new Features(workspace, recognition, quotes, pulse, digest, dashboard);
    }
}
