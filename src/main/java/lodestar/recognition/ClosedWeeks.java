package lodestar.recognition;

import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.WORKSPACE;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import lodestar.db.Weeks;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The recognition figures of weeks that have closed, kept in this instance's memory, so that a dashboard showing a
 * year does not count a year of kudos on every request: only the weeks not kept yet, and the week still open, are
 * counted. A week is closed an hour after it ends (kudos are recorded as they are given). A kept week is used only
 * while what it was computed from is unchanged: the same leaders, the same active members, no kudos of the workspace
 * withdrawn since (the number and latest time of withdrawals are part of its key), and the same workspace (one
 * uninstalled and installed again is created anew, its kudos deleted).
 */
final class ClosedWeeks {
    static final Duration GRACE = Duration.ofHours(1);

    private final Cache<Key, Object> kept = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofDays(8))
            .build();
    private final DSLContext dsl;
    private final Clock clock;

    private record Key(String kind, String teamId, Instant from, Basis basis) {}

    /** What a week's figures were computed from, besides its own kudos. */
    private record Basis(
            OffsetDateTime workspaceCreated,
            long leaders,
            long activeMembers,
            int withdrawals,
            OffsetDateTime lastWithdrawal) {}

    ClosedWeeks(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * The figures of each week of {@code period}, oldest first: those kept, then the rest counted by {@code count} in
     * one go (for the newest weeks of the period), keeping the closed ones among them.
     */
    @SuppressWarnings("unchecked")
    <T> List<T> of(
            String kind,
            String teamId,
            Weeks period,
            Collection<String> leaders,
            Collection<String> activeMembers,
            Function<Weeks, List<T>> count) {
        var starts = period.starts();
        var closedBefore = clock.instant().minus(GRACE);
        int closed = (int) starts.stream()
                .filter(from -> !from.plus(Weeks.LENGTH).isAfter(closedBefore))
                .count();
        if (closed == 0) {
            return count.apply(period);
        }
        var found = basis(teamId, leaders, activeMembers);
        if (found.isEmpty()) {
            return count.apply(period);
        }
        var basis = found.get();
        List<T> weeks = new ArrayList<>();
        for (int i = 0; i < closed; i++) {
            Object week = kept.getIfPresent(new Key(kind, teamId, starts.get(i), basis));
            if (week == null) {
                break;
            }
            weeks.add((T) week);
        }
        int known = weeks.size();
        if (known == starts.size()) {
            return weeks;
        }
        var counted = count.apply(new Weeks(period.end(), starts.size() - known));
        for (int i = known; i < closed; i++) {
            kept.put(new Key(kind, teamId, starts.get(i), basis), counted.get(i - known));
        }
        weeks.addAll(counted);
        return weeks;
    }

    /**
     * The figures of [{@code from}, {@code to}) that do not depend on who leads or who is active (values named, for
     * instance): kept once the period has closed, counted by {@code count} otherwise or when not kept yet.
     */
    @SuppressWarnings("unchecked")
    <T> T of(String kind, String teamId, Instant from, Instant to, java.util.function.Supplier<T> count) {
        if (to.isAfter(clock.instant().minus(GRACE))) {
            return count.get();
        }
        var basis = basis(teamId, List.of(), List.of());
        if (basis.isEmpty()) {
            return count.get();
        }
        // The end is part of the kind: a period is known by both its ends.
        var key = new Key(kind + "/" + to, teamId, from, basis.get());
        Object kept = this.kept.getIfPresent(key);
        if (kept != null) {
            return (T) kept;
        }
        T counted = count.get();
        this.kept.put(key, counted);
        return counted;
    }

    private Optional<Basis> basis(String teamId, Collection<String> leaders, Collection<String> activeMembers) {
        var created = dsl.select(WORKSPACE.CREATED_AT)
                .from(WORKSPACE)
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .fetchOptional(WORKSPACE.CREATED_AT);
        if (created.isEmpty()) {
            return Optional.empty();
        }
        var withdrawals = dsl.select(DSL.count(), DSL.max(KUDOS.WITHDRAWN_AT))
                .from(KUDOS)
                .where(KUDOS.TEAM_ID.eq(teamId), KUDOS.WITHDRAWN_AT.isNotNull())
                .fetchSingle();
        return Optional.of(new Basis(
                created.get(),
                fingerprint(leaders),
                fingerprint(activeMembers),
                withdrawals.value1(),
                withdrawals.value2()));
    }

    /** A 64-bit fingerprint of a set of user ids, whatever their order. */
    static long fingerprint(Collection<String> people) {
        long sum = people.size();
        for (String person : people) {
            long h = Objects.hashCode(person) * 0x9E3779B97F4A7C15L;
            sum += h ^ (h >>> 29) ^ ((long) person.length() << 48);
        }
        return sum;
    }
}
