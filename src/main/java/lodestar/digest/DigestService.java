package lodestar.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import lodestar.pulse.PulseService;
import lodestar.pulse.PulseSummary;
import lodestar.quotes.QuoteService;
import lodestar.quotes.VoiceStats;
import lodestar.recognition.RecognitionService;
import lodestar.recognition.RecognitionStats;
import lodestar.workspace.CxValue;
import lodestar.workspace.Role;
import lodestar.workspace.RoleHolder;
import lodestar.workspace.WorkspaceService;

/**
 * Computes the leader digest from the other features' public services: SQL aggregations, never the rows themselves.
 * The 8-week trend takes one grouped query per feature; what only this week shows (spotlight, values, each leader's
 * own figures) is computed for this week only.
 */
public final class DigestService {
    static final Duration WEEK = Duration.ofDays(7);
    static final int TREND_WEEKS = 8;
    /** The digest shows receiving participation and the leaders' reach for this week and the one before only. */
    static final int REACH_WEEKS = 2;

    private final WorkspaceService workspace;
    private final RecognitionService recognition;
    private final QuoteService quotes;
    private final PulseService pulse;

    public DigestService(
            WorkspaceService workspace, RecognitionService recognition, QuoteService quotes, PulseService pulse) {
        this.workspace = workspace;
        this.recognition = recognition;
        this.quotes = quotes;
        this.pulse = pulse;
    }

    /**
     * The digest of the 7 days before {@code end}, compared with the 7 days before those, for a reader in {@code zone}:
     * "this month" (the values not used) runs from the first of {@code end}'s month there.
     */
    public Digest compute(String teamId, Instant end, ZoneId zone) {
        var settings = workspace.settings(teamId, null);
        List<String> leaders = workspace.holders(teamId, Role.LEADER).stream()
                .map(RoleHolder::userId)
                .toList();
        var summary = pulseOver(teamId, end, TREND_WEEKS);
        var trend = trend(teamId, end, TREND_WEEKS, REACH_WEEKS, leaders, workspace.activeMembers(teamId), summary);
        var from = end.minus(WEEK);
        var monthStart = end.atZone(zone)
                .toLocalDate()
                .withDayOfMonth(1)
                .atStartOfDay(zone)
                .toInstant();
        var latest = recognition.stats(teamId, from, end, monthStart, leaders);
        var unused = settings.values().stream()
                .map(CxValue::name)
                .filter(name -> !latest.valuesUsedThisMonth().contains(name))
                .toList();
        return new Digest(
                teamId,
                settings.mission(),
                trend.get(trend.size() - 1),
                trend.get(trend.size() - 2),
                latest.topValues().stream().limit(3).toList(),
                unused,
                latest.spotlight(),
                quotes.unownedCritiques(teamId, from, end),
                summary.enpsHistory(8),
                summary.beliefHistory(8),
                latest.byLeader(),
                trend);
    }

    /**
     * The digest's figures for each of the {@code weeks} 7-day periods before {@code end}, oldest first: what the
     * dashboard draws over a quarter or a year, with the digest's own definitions.
     */
    public List<Figures> trend(String teamId, Instant end, int weeks) {
        return trend(teamId, end, weeks, REACH_WEEKS);
    }

    /**
     * Like {@link #trend(String, Instant, int)}, with receiving participation and the leaders' kudos outside the
     * leadership group for every week, not only the last two: what the dashboard's recognition page shows week by
     * week, with the same definitions.
     */
    public List<Figures> trendWithReach(String teamId, Instant end, int weeks) {
        return trend(teamId, end, weeks, weeks);
    }

    private List<Figures> trend(String teamId, Instant end, int weeks, int reachWeeks) {
        List<String> leaders = workspace.holders(teamId, Role.LEADER).stream()
                .map(RoleHolder::userId)
                .toList();
        return trend(
                teamId,
                end,
                weeks,
                reachWeeks,
                leaders,
                workspace.activeMembers(teamId),
                pulseOver(teamId, end, weeks));
    }

    /**
     * The pulse results known at {@code end}, with every run closed in the {@code weeks} weeks before it: the latest
     * runs alone (40) would leave a long trend's oldest weeks without eNPS or belief once more surveys ran since.
     */
    private PulseSummary pulseOver(String teamId, Instant end, int weeks) {
        return pulse.summary(teamId, end, end.minus(WEEK.multipliedBy(weeks)));
    }

    /** This week as the digest counts it (the 7 days before {@code now}), and a trend of the weeks before another end. */
    public record Overview(Figures thisWeek, List<Figures> trend) {}

    /**
     * This week's figures as {@link #compute} has them, and the figures of the {@code weeks} 7-day periods before
     * {@code trendEnd}, oldest first, all as of {@code now}: what the dashboard's overview shows, the workspace's
     * members, leaders and pulse results read once for both.
     */
    public Overview overview(String teamId, Instant now, Instant trendEnd, int weeks) {
        List<String> leaders = workspace.holders(teamId, Role.LEADER).stream()
                .map(RoleHolder::userId)
                .toList();
        var active = workspace.activeMembers(teamId);
        var summary = pulse.summary(teamId, now, trendEnd.minus(WEEK.multipliedBy(weeks)));
        return new Overview(
                trend(teamId, now, 1, 1, leaders, active, summary).get(0),
                trend(teamId, trendEnd, weeks, REACH_WEEKS, leaders, active, summary));
    }

    private List<Figures> trend(
            String teamId,
            Instant end,
            int count,
            int reachWeeks,
            List<String> leaders,
            Set<String> active,
            PulseSummary summary) {
        var weeks = recognition.weeks(teamId, end, count, leaders, active);
        var reach = recognition.reach(teamId, end, Math.min(reachWeeks, count), leaders, active);
        var voices = quotes.weeklyStats(teamId, end, count);
        List<Figures> trend = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var week = weeks.get(i);
            int fromEnd = count - 1 - i;
            var weekReach = fromEnd < reach.size()
                    ? Optional.of(reach.get(reach.size() - 1 - fromEnd))
                    : Optional.<RecognitionStats.Reach>empty();
            trend.add(figures(week, weekReach, voices.get(i), active.size(), leaders.size(), summary.asOf(week.to())));
        }
        return trend;
    }

    private static Figures figures(
            RecognitionStats.Week week,
            Optional<RecognitionStats.Reach> reach,
            VoiceStats voice,
            int activeMembers,
            int leaders,
            PulseSummary pulseAsOf) {
        var giving = share(week.activeGivers(), activeMembers);
        var receiving = reach.flatMap(r -> share(r.activeRecipients(), activeMembers));
        var involvement = share(week.leadersWhoGave(), leaders);
        var outside = reach.flatMap(r -> share(r.leaderKudosOutside(), r.leaderKudos()));
        var ownership = share(voice.critiquesOwned(), voice.critiquesPosted());
        var index = CultureIndex.of(giving, involvement, ownership, pulseAsOf.belief(), pulseAsOf.enps());
        return new Figures(
                week.from(),
                week.to(),
                week.kudosGiven(),
                giving,
                receiving,
                leaders,
                week.leadersWhoGave(),
                involvement,
                outside,
                voice.quotesPosted(),
                voice.reactionsAndReplies(),
                voice.engagement(),
                voice.critiquesPosted(),
                voice.critiquesOwned(),
                voice.critiquesResolved(),
                week.answeringQuotes(),
                pulseAsOf.enps(),
                pulseAsOf.belief(),
                pulseAsOf.responseRate(),
                index);
    }

    private static Optional<Double> share(int part, int whole) {
        return whole == 0 ? Optional.empty() : Optional.of(100.0 * part / whole);
    }
}
