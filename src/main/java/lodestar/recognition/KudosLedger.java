package lodestar.recognition;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.KUDOS_RECIPIENT;
import static lodestar.db.schema.Tables.KUDOS_VALUE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import lodestar.slack.SlackIds;
import lodestar.slack.SlackText;
import org.jooq.DSLContext;
import org.jooq.Record9;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;

/**
 * Every kudos of a period, one row each with its recipients and values, read as a stream in one query: what the
 * dashboard exports, however many there are, and the newest of them, which it shows. Withdrawn kudos are left out, as
 * everywhere they are counted.
 */
public final class KudosLedger {
    /** One kudos, its text as plain text. */
    public record Row(
            long id,
            Instant givenAt,
            String giverId,
            List<String> recipients,
            List<String> values,
            String reason,
            Optional<String> customerImpact,
            Optional<String> link) {}

    private final DSLContext dsl;

    public KudosLedger(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Hands each kudos given in [{@code from}, {@code to}) to {@code row}, oldest first, read through a cursor (in a
     * transaction, so that the driver fetches a thousand rows at a time instead of all of them).
     */
    public void forEach(String teamId, Instant from, Instant to, Consumer<Row> row) {
        dsl.transaction(tx -> read(tx.dsl(), teamId, from, to, row));
    }

    /** The {@code limit} newest kudos given in [{@code from}, {@code to}), newest first. */
    public List<Row> latest(String teamId, Instant from, Instant to, int limit) {
        return select(dsl, teamId, from, to)
                .orderBy(KUDOS.GIVEN_AT.desc(), KUDOS.ID.desc())
                .limit(limit)
                .fetch(KudosLedger::row);
    }

    private static void read(DSLContext dsl, String teamId, Instant from, Instant to, Consumer<Row> row) {
        try (var rows = select(dsl, teamId, from, to)
                .orderBy(KUDOS.GIVEN_AT, KUDOS.ID)
                .fetchSize(1_000)
                .fetchLazy()) {
            for (var r : rows) {
                row.accept(row(r));
            }
        }
    }

    private static SelectConditionStep<
                    Record9<Long, OffsetDateTime, String, String[], String[], String, String, String, String>>
            select(DSLContext dsl, String teamId, Instant from, Instant to) {
        var recipients =
                DSL.field(DSL.select(DSL.arrayAgg(KUDOS_RECIPIENT.USER_ID).orderBy(KUDOS_RECIPIENT.USER_ID))
                        .from(KUDOS_RECIPIENT)
                        .where(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID)));
        var values = DSL.field(DSL.select(DSL.arrayAgg(KUDOS_VALUE.VALUE_NAME).orderBy(KUDOS_VALUE.VALUE_NAME))
                .from(KUDOS_VALUE)
                .where(KUDOS_VALUE.KUDOS_ID.eq(KUDOS.ID)));
        return dsl.select(
                        KUDOS.ID,
                        KUDOS.GIVEN_AT,
                        KUDOS.GIVER_ID,
                        recipients,
                        values,
                        KUDOS.REASON,
                        KUDOS.CUSTOMER_IMPACT,
                        KUDOS.POST_CHANNEL_ID,
                        KUDOS.POST_TS)
                .from(KUDOS)
                .where(
                        KUDOS.TEAM_ID.eq(teamId),
                        KUDOS.GIVEN_AT.ge(utc(from)),
                        KUDOS.GIVEN_AT.lt(utc(to)),
                        KUDOS.WITHDRAWN_AT.isNull());
    }

    private static Row row(
            Record9<Long, OffsetDateTime, String, String[], String[], String, String, String, String> r) {
        return new Row(
                r.value1(),
                r.value2().toInstant(),
                r.value3(),
                list(r.value4()),
                list(r.value5()),
                SlackText.plain(r.value6()),
                Optional.ofNullable(r.value7()).map(SlackText::plain),
                Optional.ofNullable(r.value9()).map(ts -> SlackIds.messageLink(r.value8(), ts)));
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }
}
