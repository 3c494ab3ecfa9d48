package lodestar.digest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CX culture index (0–100), as docs/figures.md defines it: the mean of the available components, each on
 * 0–100 — giving participation, leadership involvement, critique ownership share, CX belief score, and
 * (eNPS + 100) ÷ 2. A component with no data in the period is left out.
 */
public record CultureIndex(Map<String, Double> components) {
    public static final String FORMULA = "CX culture index = the mean of the available components, each 0–100:\n"
            + "• giving participation: active members who gave ≥ 1 kudos ÷ active members\n"
            + "• leadership involvement: leaders who gave ≥ 1 kudos ÷ leaders\n"
            + "• critique ownership: critiques posted in the period that got an owner ÷ critiques posted\n"
            + "• CX belief score: mean % favourable (4–5) over the CX-belief statements of the latest survey\n"
            + "• eNPS, rescaled: (eNPS + 100) ÷ 2\n"
            + "A component with no data in the period is left out; pulse figures count only surveys that met their"
            + " minimum group size.";

    public CultureIndex {
        components = Map.copyOf(components);
    }

    /** Builds the index from whatever components have data. */
    public static CultureIndex of(
            Optional<Double> givingParticipation,
            Optional<Double> leadershipInvolvement,
            Optional<Double> critiqueOwnership,
            Optional<Double> belief,
            Optional<Integer> enps) {
        Map<String, Double> components = new LinkedHashMap<>();
        givingParticipation.ifPresent(value -> components.put("giving participation", value));
        leadershipInvolvement.ifPresent(value -> components.put("leadership involvement", value));
        critiqueOwnership.ifPresent(value -> components.put("critique ownership", value));
        belief.ifPresent(value -> components.put("CX belief", value));
        enps.ifPresent(value -> components.put("eNPS", scaledEnps(value)));
        return new CultureIndex(components);
    }

    /** eNPS (−100 to +100) on the index's 0–100 scale: (eNPS + 100) ÷ 2, halves kept (−1 is 49.5). */
    public static double scaledEnps(int enps) {
        return (enps + 100) / 2.0;
    }

    /** The index, rounded; empty when no component has data. */
    public Optional<Integer> value() {
        return components.isEmpty()
                ? Optional.empty()
                : Optional.of((int) Math.round(components.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow()));
    }
}
