package lodestar.workspace;

import java.util.List;
import java.util.Optional;

/** A workspace's settings: its CX mission and values, who holds which role, and how recognition works. */
public record Settings(
        Optional<String> mission,
        List<CxValue> values,
        List<String> leaders,
        List<String> admins,
        Optional<String> kudosChannel,
        Allowance allowance,
        boolean leaderboard,
        DigestSchedule digest,
        Optional<String> digestChannel) {
    public Settings {
        values = List.copyOf(values);
        leaders = List.copyOf(leaders);
        admins = List.copyOf(admins);
    }
}
