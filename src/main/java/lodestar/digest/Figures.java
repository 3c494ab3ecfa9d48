package lodestar.digest;

import java.time.Instant;
import java.util.Optional;

/**
 * The digest's figures for one 7-day period. Percentages are 0–100; empty where there is no data. Receiving
 * participation and the leaders' kudos outside the leadership group are shown for this week and the one before only,
 * so the older weeks of the digest's trend leave them empty ({@link DigestService#trendWithReach} fills every week).
 */
public record Figures(
        Instant from,
        Instant to,
        int kudos,
        Optional<Double> givingParticipation,
        Optional<Double> receivingParticipation,
        int leaders,
        int leadersWhoGave,
        Optional<Double> leadershipInvolvement,
        Optional<Double> leaderKudosOutside,
        int quotesPosted,
        int reactionsAndReplies,
        double quoteEngagement,
        int critiquesPosted,
        int critiquesOwned,
        int critiquesResolved,
        int praiseToKudos,
        Optional<Integer> enps,
        Optional<Double> belief,
        Optional<Integer> responseRate,
        CultureIndex index) {}
