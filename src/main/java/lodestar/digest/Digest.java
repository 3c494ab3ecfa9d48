package lodestar.digest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.quotes.VoiceStats;
import lodestar.recognition.Count;
import lodestar.recognition.Kudos;
import lodestar.recognition.RecognitionStats;

/** One week's digest for a workspace: this week's figures, last week's for comparison, and the 8-week trend. */
public record Digest(
        String teamId,
        Optional<String> mission,
        Figures now,
        Figures before,
        List<Count> topValues,
        List<String> valuesUnusedThisMonth,
        List<Kudos> spotlight,
        List<VoiceStats.Unowned> unownedCritiques,
        List<Integer> enpsHistory,
        List<Double> beliefHistory,
        Map<String, RecognitionStats.Own> byLeader,
        List<Figures> trend) {

    public Digest {
        topValues = List.copyOf(topValues);
        valuesUnusedThisMonth = List.copyOf(valuesUnusedThisMonth);
        spotlight = List.copyOf(spotlight);
        unownedCritiques = List.copyOf(unownedCritiques);
        enpsHistory = List.copyOf(enpsHistory);
        beliefHistory = List.copyOf(beliefHistory);
        byLeader = Map.copyOf(byLeader);
        trend = List.copyOf(trend);
    }
}
