package lodestar.pulse;

import java.time.Instant;
import java.util.Optional;

/**
 * One occurrence of a series: open from {@code opensAt} until {@code closesAt}. Once closed, its answers are counted
 * ({@code tallied}) and deleted.
 */
public record Run(
        long id,
        long seriesId,
        String teamId,
        Instant opensAt,
        Instant closesAt,
        Instant remindAt,
        Optional<String> channelId,
        Optional<String> messageTs,
        boolean closed,
        boolean tallied) {}
