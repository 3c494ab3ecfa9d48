package lodestar.recognition;

import java.util.List;

/** The most-recognised people and most-used values of a period; people are empty when leaderboards are off. */
public record Leaderboard(Period period, boolean showsPeople, List<Count> people, List<Count> values) {
    public Leaderboard {
        people = List.copyOf(people);
        values = List.copyOf(values);
    }
}
