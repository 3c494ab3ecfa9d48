package lodestar.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import lodestar.pulse.PulseService;
import lodestar.pulse.PulseSummary;
import lodestar.quotes.QuoteService;
import lodestar.recognition.RecognitionService;
import lodestar.recognition.RecognitionStats;
import lodestar.workspace.CxValue;
import lodestar.workspace.Role;
import lodestar.workspace.RoleHolder;
import lodestar.workspace.WorkspaceService;

/**
 * Computes the leader digest from the other features' public services: SQL aggregations per period, never the
 * rows themselves (the sets of givers and recipients are at most the workspace's members).
 */
public final class DigestService {
    static final Duration WEEK = Duration.ofDays(7);
    static final int TREND_WEEKS = 8;

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

    /** The digest of the 7 days before {@code end}, compared with the 7 days before those. */
    public Digest compute(String teamId, Instant end) {
        var settings = workspace.settings(teamId, null);
        Set<String> active = workspace.activeMembers(teamId);
        List<String> leaders = workspace.holders(teamId, Role.LEADER).stream()
                .map(RoleHolder::userId)
                .toList();
        var summary = pulse.summary(teamId, end);
        List<Figures> trend = new ArrayList<>();
        RecognitionStats latest = null;
        for (int week = TREND_WEEKS; week >= 1; week--) {
            var from = end.minus(WEEK.multipliedBy(week));
            var to = from.plus(WEEK);
            var stats = recognition.stats(teamId, from, to, leaders);
            trend.add(figures(teamId, from, to, stats, active, leaders, summary.asOf(to)));
            latest = stats;
        }
        var monthStart = end.atZone(ZoneOffset.UTC)
                .toLocalDate()
                .withDayOfMonth(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Set<String> usedThisMonth = new HashSet<>();
        recognition
                .stats(teamId, monthStart, end, List.of())
                .topValues()
                .forEach(count -> usedThisMonth.add(count.key()));
        var unused = settings.values().stream()
                .map(CxValue::name)
                .filter(name -> !usedThisMonth.contains(name))
                .toList();
        var voice = quotes.stats(teamId, end.minus(WEEK), end);
        return new Digest(
                teamId,
                settings.mission(),
                trend.get(trend.size() - 1),
                trend.get(trend.size() - 2),
                latest.topValues().stream().limit(3).toList(),
                unused,
                latest.spotlight(),
                voice.unowned(),
                summary.enpsHistory(8),
                summary.beliefHistory(8),
                latest.leadership().byLeader(),
                trend);
    }

    private Figures figures(
            String teamId,
            Instant from,
            Instant to,
            RecognitionStats stats,
            Set<String> active,
            Collection<String> leaders,
            PulseSummary pulseAsOf) {
        var voice = quotes.stats(teamId, from, to);
        var giving = share(intersect(stats.givers(), active), active.size());
        var receiving = share(intersect(stats.recipients(), active), active.size());
        var involvement = share(stats.leadership().leadersWhoGave().size(), leaders.size());
        var outside =
                share(stats.leadership().outsideLeadership(), stats.leadership().recipientsOfLeaderKudos());
        var ownership = share(voice.critiquesOwned(), voice.critiquesPosted());
        var index = CultureIndex.of(giving, involvement, ownership, pulseAsOf.belief(), pulseAsOf.enps());
        return new Figures(
                from,
                to,
                stats.kudosGiven(),
                giving,
                receiving,
                leaders.size(),
                stats.leadership().leadersWhoGave().size(),
                involvement,
                outside,
                voice.quotesPosted(),
                voice.reactionsAndReplies(),
                voice.critiquesPosted(),
                voice.critiquesOwned(),
                voice.critiquesResolved(),
                stats.kudosAnsweringQuotes(),
                pulseAsOf.enps(),
                pulseAsOf.belief(),
                pulseAsOf.responseRate(),
                index);
    }

    private static int intersect(Set<String> people, Set<String> active) {
        int count = 0;
        for (String person : people) {
            if (active.contains(person)) {
                count++;
            }
        }
        return count;
    }

    private static Optional<Double> share(int part, int whole) {
        return whole == 0 ? Optional.empty() : Optional.of(100.0 * part / whole);
    }
}
