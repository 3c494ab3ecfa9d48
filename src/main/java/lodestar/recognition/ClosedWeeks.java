package lodestar.recognition;

import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.WORKSPACE;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import lodestar.db.Timestamps;
import lodestar.db.Weeks;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Recognition figures of periods that have closed, kept in this instance's memory, so that a dashboard showing a year
 * does not count a year of kudos on every request: only the periods not kept yet, and the one still open, are
 * counted. A period is closed an hour after it ends (kudos are recorded as they are given). Kept figures are used only
 * while what they were computed from is unchanged: the same workspace (one uninstalled and installed again is created
 * anew), the same leaders and active members, and as many of the period's kudos withdrawn. Every figure is counted
 * again at least once a day.
 */
final class ClosedWeeks {
    static final Duration GRACE = Duration.ofHours(1);

    private final Cache<Key, Object> kept = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofDays(1))
            .build();
    private final DSLContext dsl;
    private final Clock clock;

    /** A closed period's figures of one kind, and what they were computed from. */
    private record Key(
            String kind,
            String teamId,
            Instant from,
            Instant to,
            OffsetDateTime workspaceCreated,
            String people,
            int withdrawn) {}

    ClosedWeeks(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * The figures of each week of {@code period}, oldest first: those kept, then the rest counted by {@code count} in
     * one go (the newest weeks of the period), keeping the closed ones among them.
     */
    @SuppressWarnings("unchecked")
    <T> List<T> weeks(
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
        var created = closed == 0 ? Optional.<OffsetDateTime>empty() : workspaceCreated(teamId);
        if (created.isEmpty()) {
            return count.apply(period);
        }
        String people = fingerprint(leaders) + "/" + fingerprint(activeMembers);
        var withdrawn =
                withdrawnPerWeek(teamId, new Weeks(starts.get(closed - 1).plus(Weeks.LENGTH), closed));
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < closed; i++) {
            var from = starts.get(i);
            keys.add(new Key(
                    kind,
                    teamId,
                    from,
                    from.plus(Weeks.LENGTH),
                    created.get(),
                    people,
                    withdrawn.getOrDefault(from, 0)));
        }
        List<T> weeks = new ArrayList<>();
        for (var key : keys) {
            Object week = kept.getIfPresent(key);
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
            kept.put(keys.get(i), counted.get(i - known));
        }
        weeks.addAll(counted);
        return weeks;
    }

    /**
     * The figures of [{@code from}, {@code to}) that do not depend on who leads or who is active (values named, for
     * instance): kept once the period has closed, counted by {@code count} otherwise or when not kept yet.
     */
    @SuppressWarnings("unchecked")
    <T> T period(String kind, String teamId, Instant from, Instant to, Supplier<T> count) {
        var created =
                to.isAfter(clock.instant().minus(GRACE)) ? Optional.<OffsetDateTime>empty() : workspaceCreated(teamId);
        if (created.isEmpty()) {
            return count.get();
        }
        int withdrawn = dsl.fetchCount(
                KUDOS,
                KUDOS.TEAM_ID.eq(teamId),
                KUDOS.WITHDRAWN_AT.isNotNull(),
                KUDOS.GIVEN_AT.ge(Timestamps.utc(from)),
                KUDOS.GIVEN_AT.lt(Timestamps.utc(to)));
        var key = new Key(kind, teamId, from, to, created.get(), "", withdrawn);
        Object known = kept.getIfPresent(key);
        if (known != null) {
            return (T) known;
        }
        T counted = count.get();
        kept.put(key, counted);
        return counted;
    }

    private Optional<OffsetDateTime> workspaceCreated(String teamId) {
        return dsl.select(WORKSPACE.CREATED_AT)
                .from(WORKSPACE)
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .fetchOptional(WORKSPACE.CREATED_AT);
    }

    /** How many of each week's kudos have been withdrawn so far, by the week's start (by index: few rows). */
    private Map<Instant, Integer> withdrawnPerWeek(String teamId, Weeks weeks) {
        Map<Instant, Integer> withdrawn = new HashMap<>();
        dsl.select(weeks.bin(KUDOS.GIVEN_AT), DSL.count())
                .from(KUDOS)
                .where(
                        KUDOS.TEAM_ID.eq(teamId),
                        KUDOS.WITHDRAWN_AT.isNotNull(),
                        KUDOS.GIVEN_AT.ge(Timestamps.utc(weeks.from())),
                        KUDOS.GIVEN_AT.lt(Timestamps.utc(weeks.end())))
                .groupBy(DSL.inline(1))
                .forEach(r -> withdrawn.put(r.value1().toInstant(), r.value2()));
        return withdrawn;
    }

    /** A SHA-256 of a set of user ids, whatever their order. */
    static String fingerprint(Collection<String> people) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            people.stream().sorted().forEach(person -> {
                digest.update(person.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is available on every JDK", e);
        }
    }
}
