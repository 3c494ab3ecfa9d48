package lodestar.recognition;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognition in a period, for the leader digest: counts from SQL aggregations; the sets hold the distinct
 * people who gave and received (at most the workspace's members).
 */
public record RecognitionStats(
        int kudosGiven,
        Set<String> givers,
        Set<String> recipients,
        List<Count> topValues,
        List<Kudos> spotlight,
        int kudosAnsweringQuotes,
        Leadership leadership) {

    public RecognitionStats {
        givers = Set.copyOf(givers);
        recipients = Set.copyOf(recipients);
        topValues = List.copyOf(topValues);
        spotlight = List.copyOf(spotlight);
    }

    /** What the leaders did: who gave, where their kudos went, and each leader's own figures. */
    public record Leadership(
            Set<String> leadersWhoGave, int recipientsOfLeaderKudos, int outsideLeadership, Map<String, Own> byLeader) {
        public Leadership {
            leadersWhoGave = Set.copyOf(leadersWhoGave);
            byLeader = Map.copyOf(byLeader);
        }
    }

    /** One leader's own figures: kudos given, and distinct people recognised. */
    public record Own(int given, int peopleRecognised) {}
}
