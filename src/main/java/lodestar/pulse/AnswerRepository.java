package lodestar.pulse;

import static lodestar.db.schema.Tables.PULSE_ANSWER;
import static lodestar.db.schema.Tables.PULSE_COMMENT;
import static lodestar.db.schema.Tables.PULSE_TALLY;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Answers: sealed, under answer keys, while their run is open; counted once it closes ({@code pulse_tally} and
 * {@code pulse_comment}), with nothing kept that links them to anyone. Runs in the caller's transaction.
 */
final class AnswerRepository {
    /** One sealed answer of an open run. */
    record Sealed(int position, String key, byte[] sealed) {}

    /** How many answers of one run gave {@code value} to the question at {@code position}. */
    record Tally(long runId, int position, int value, int count) {}

    /** A closed run's comment; the author only for surveys that are not anonymous. */
    record Comment(int position, String text, String author) {}

    private final DSLContext dsl;

    AnswerRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Records or replaces a person's sealed answer to one question; true when it replaced one. */
    boolean answer(long runId, String teamId, int position, String key, byte[] sealed) {
        boolean existed = dsl.fetchExists(
                PULSE_ANSWER,
                PULSE_ANSWER.RUN_ID.eq(runId),
                PULSE_ANSWER.POSITION.eq(position),
                PULSE_ANSWER.ANSWER_KEY.eq(key));
        dsl.insertInto(PULSE_ANSWER)
                .set(PULSE_ANSWER.RUN_ID, runId)
                .set(PULSE_ANSWER.TEAM_ID, teamId)
                .set(PULSE_ANSWER.POSITION, position)
                .set(PULSE_ANSWER.ANSWER_KEY, key)
                .set(PULSE_ANSWER.SEALED, sealed)
                .onConflict(PULSE_ANSWER.RUN_ID, PULSE_ANSWER.POSITION, PULSE_ANSWER.ANSWER_KEY)
                .doUpdate()
                .set(PULSE_ANSWER.SEALED, sealed)
                .execute();
        return existed;
    }

    /** The answer keys of the people who answered an open run. */
    Set<String> keys(long runId) {
        return new HashSet<>(dsl.selectDistinct(PULSE_ANSWER.ANSWER_KEY)
                .from(PULSE_ANSWER)
                .where(PULSE_ANSWER.RUN_ID.eq(runId))
                .fetch(PULSE_ANSWER.ANSWER_KEY));
    }

    /** How many people answered each open run. */
    Map<Long, Integer> respondentCounts(Collection<Long> runIds) {
        return dsl.select(PULSE_ANSWER.RUN_ID, DSL.countDistinct(PULSE_ANSWER.ANSWER_KEY))
                .from(PULSE_ANSWER)
                .where(PULSE_ANSWER.RUN_ID.in(runIds))
                .groupBy(PULSE_ANSWER.RUN_ID)
                .fetchMap(r -> r.value1(), r -> r.value2());
    }

    List<Sealed> sealed(long runId) {
        return dsl.select(PULSE_ANSWER.POSITION, PULSE_ANSWER.ANSWER_KEY, PULSE_ANSWER.SEALED)
                .from(PULSE_ANSWER)
                .where(PULSE_ANSWER.RUN_ID.eq(runId))
                .fetch(r -> new Sealed(r.value1(), r.value2(), r.value3()));
    }

    /** Keeps a closed run's counts and comments (in the order given) and deletes its answers. */
    void replaceByTallies(long runId, String teamId, List<Tally> tallies, List<Comment> comments) {
        if (!tallies.isEmpty()) {
            var insert = dsl.insertInto(
                    PULSE_TALLY,
                    PULSE_TALLY.RUN_ID,
                    PULSE_TALLY.TEAM_ID,
                    PULSE_TALLY.POSITION,
                    PULSE_TALLY.VALUE,
                    PULSE_TALLY.COUNT);
            for (var tally : tallies) {
                insert = insert.values(runId, teamId, tally.position(), tally.value(), tally.count());
            }
            insert.execute();
        }
        if (!comments.isEmpty()) {
            var insert = dsl.insertInto(
                    PULSE_COMMENT,
                    PULSE_COMMENT.RUN_ID,
                    PULSE_COMMENT.TEAM_ID,
                    PULSE_COMMENT.POSITION,
                    PULSE_COMMENT.TEXT,
                    PULSE_COMMENT.AUTHOR);
            for (var comment : comments) {
                insert = insert.values(runId, teamId, comment.position(), comment.text(), comment.author());
            }
            insert.execute();
        }
        dsl.deleteFrom(PULSE_ANSWER).where(PULSE_ANSWER.RUN_ID.eq(runId)).execute();
    }

    /** The counts of closed runs, in one query. */
    List<Tally> tallies(Collection<Long> runIds) {
        return dsl.select(PULSE_TALLY.RUN_ID, PULSE_TALLY.POSITION, PULSE_TALLY.VALUE, PULSE_TALLY.COUNT)
                .from(PULSE_TALLY)
                .where(PULSE_TALLY.RUN_ID.in(runIds))
                .fetch(r -> new Tally(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** How many comments each question of the runs got, in one query. */
    List<Tally> commentCounts(Collection<Long> runIds) {
        return dsl.select(PULSE_COMMENT.RUN_ID, PULSE_COMMENT.POSITION, DSL.count())
                .from(PULSE_COMMENT)
                .where(PULSE_COMMENT.RUN_ID.in(runIds))
                .groupBy(PULSE_COMMENT.RUN_ID, PULSE_COMMENT.POSITION)
                .fetch(r -> new Tally(r.value1(), r.value2(), 0, r.value3()));
    }

    /** A closed run's comments on one question, in a new random order each time. */
    List<Comment> comments(long runId, int position) {
        return dsl.select(PULSE_COMMENT.POSITION, PULSE_COMMENT.TEXT, PULSE_COMMENT.AUTHOR)
                .from(PULSE_COMMENT)
                .where(PULSE_COMMENT.RUN_ID.eq(runId), PULSE_COMMENT.POSITION.eq(position))
                .orderBy(DSL.rand())
                .fetch(r -> new Comment(r.value1(), r.value2(), r.value3()));
    }
}
