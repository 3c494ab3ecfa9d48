package lodestar.recognition;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Actor;
import lodestar.workspace.Settings;

/** What a giver has left of the workspace's allowance, and the time zone it is counted in: the person's own. */
final class Allowances {
    private final SlackUsers users;
    private final Clock clock;

    Allowances(SlackUsers users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    Remaining remaining(RecognitionRepository repository, Actor giver, Settings settings, ZoneId zone) {
        var allowance = settings.allowance();
        var start = allowance.period().start(clock.instant().atZone(zone), zone);
        int used = repository.recipientsGivenSince(giver.teamId(), giver.userId(), start.toInstant());
        return new Remaining(
                allowance.count() - used, allowance, allowance.period().next(start));
    }

    /** The person's time zone as Slack has it; UTC when Slack does not say. */
    ZoneId zoneOf(String teamId, String userId) {
        return users.find(teamId, userId).map(SlackUser::timeZone).orElse(ZoneOffset.UTC);
    }
}
