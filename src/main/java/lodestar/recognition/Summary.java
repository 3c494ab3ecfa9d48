package lodestar.recognition;

import java.util.List;

/** One person's recognition this month: for {@code /kudos me} and the Home tab. */
public record Summary(
        int receivedCount,
        int givenCount,
        List<Count> receivedByValue,
        List<Count> givenByValue,
        Remaining remaining,
        List<Kudos> recentReceived) {
    public Summary {
        receivedByValue = List.copyOf(receivedByValue);
        givenByValue = List.copyOf(givenByValue);
        recentReceived = List.copyOf(recentReceived);
    }
}
