package lodestar.recognition;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the leader digest shows of one period's recognition beyond its counts: the most-used values, the values used
 * since the start of the month, the kudos to spotlight, and each leader's own figures.
 */
public record RecognitionStats(
        List<Count> topValues, Set<String> valuesUsedThisMonth, List<Kudos> spotlight, Map<String, Own> byLeader) {

    public RecognitionStats {
        topValues = List.copyOf(topValues);
        valuesUsedThisMonth = Set.copyOf(valuesUsedThisMonth);
        spotlight = List.copyOf(spotlight);
        byLeader = Map.copyOf(byLeader);
    }

    /**
     * One 7-day period [from, to): kudos given, active members who gave, leaders (today's list) who gave, and kudos
     * answering customer praise.
     */
    public record Week(
            Instant from, Instant to, int kudosGiven, int activeGivers, int leadersWhoGave, int answeringQuotes) {}

    /**
     * Where one 7-day period's kudos went: active members who received, kudos given by leaders (today's list), and
     * those of them with at least one recipient outside the leadership group.
     */
    public record Reach(Instant from, Instant to, int activeRecipients, int leaderKudos, int leaderKudosOutside) {}

    /** One leader's own figures: kudos given, and distinct people recognised. */
    public record Own(int given, int peopleRecognised) {}
}
