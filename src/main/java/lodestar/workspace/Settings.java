package lodestar.workspace;

import java.util.List;
import java.util.Optional;

/** A workspace's CX settings. */
public record Settings(Optional<String> mission, List<CxValue> values, List<String> leaders, List<String> admins) {
    public Settings {
        values = List.copyOf(values);
        leaders = List.copyOf(leaders);
        admins = List.copyOf(admins);
    }
}
