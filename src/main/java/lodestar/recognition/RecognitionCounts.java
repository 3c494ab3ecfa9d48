package lodestar.recognition;

import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.KUDOS_RECIPIENT;
import static lodestar.db.schema.Tables.KUDOS_VALUE;
import static lodestar.recognition.RecognitionRepository.COLUMNS;
import static lodestar.recognition.RecognitionRepository.counting;

import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** What people read of the kudos tables: a person's counts and values since a time, a period's top people and values. */
final class RecognitionCounts {
    private final DSLContext dsl;

    RecognitionCounts(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Gives that still count and in which the user is a recipient, since {@code since}. */
    int receivedSince(String teamId, String userId, Instant since) {
        return dsl.select(DSL.countDistinct(KUDOS.ID))
                .from(KUDOS)
                .join(KUDOS_RECIPIENT)
                .on(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID))
                .where(KUDOS.TEAM_ID.eq(teamId), KUDOS_RECIPIENT.USER_ID.eq(userId), counting(since))
                .fetchSingle(0, int.class);
    }

    int givenSince(String teamId, String userId, Instant since) {
        return dsl.fetchCount(
                KUDOS, KUDOS.TEAM_ID.eq(teamId).and(KUDOS.GIVER_ID.eq(userId)).and(counting(since)));
    }

    List<Count> valuesReceivedSince(String teamId, String userId, Instant since) {
        return valueCounts(KUDOS.TEAM_ID
                .eq(teamId)
                .and(counting(since))
                .andExists(DSL.selectOne()
                        .from(KUDOS_RECIPIENT)
                        .where(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID), KUDOS_RECIPIENT.USER_ID.eq(userId))));
    }

    List<Count> valuesGivenSince(String teamId, String userId, Instant since) {
        return valueCounts(
                KUDOS.TEAM_ID.eq(teamId).and(KUDOS.GIVER_ID.eq(userId)).and(counting(since)));
    }

    List<Count> topValues(String teamId, Instant since, int limit) {
        return valueCounts(KUDOS.TEAM_ID.eq(teamId).and(counting(since))).stream()
                .limit(limit)
                .toList();
    }

    List<Count> topRecipients(String teamId, Instant since, int limit) {
        var count = DSL.count();
        return dsl.select(KUDOS_RECIPIENT.USER_ID, count)
                .from(KUDOS_RECIPIENT)
                .join(KUDOS)
                .on(KUDOS.ID.eq(KUDOS_RECIPIENT.KUDOS_ID))
                .where(KUDOS.TEAM_ID.eq(teamId), counting(since))
                .groupBy(KUDOS_RECIPIENT.USER_ID)
                .orderBy(count.desc(), KUDOS_RECIPIENT.USER_ID)
                .limit(limit)
                .fetch(r -> new Count(r.value1(), r.value2()));
    }

    List<Kudos> recentReceived(String teamId, String userId, int limit) {
        return dsl.select(COLUMNS)
                .from(KUDOS)
                .where(KUDOS.TEAM_ID.eq(teamId), KUDOS.WITHDRAWN_AT.isNull())
                .andExists(DSL.selectOne()
                        .from(KUDOS_RECIPIENT)
                        .where(KUDOS_RECIPIENT.KUDOS_ID.eq(KUDOS.ID), KUDOS_RECIPIENT.USER_ID.eq(userId)))
                .orderBy(KUDOS.GIVEN_AT.desc(), KUDOS.ID.desc())
                .limit(limit)
                .fetch(RecognitionRepository::toKudos);
    }

    private List<Count> valueCounts(Condition kudos) {
        var count = DSL.count();
        return dsl.select(KUDOS_VALUE.VALUE_NAME, count)
                .from(KUDOS_VALUE)
                .join(KUDOS)
                .on(KUDOS.ID.eq(KUDOS_VALUE.KUDOS_ID))
                .where(kudos)
                .groupBy(KUDOS_VALUE.VALUE_NAME)
                .orderBy(count.desc(), KUDOS_VALUE.VALUE_NAME)
                .fetch(r -> new Count(r.value1(), r.value2()));
    }
}
