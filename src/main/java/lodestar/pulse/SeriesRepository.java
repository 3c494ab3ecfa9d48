package lodestar.pulse;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.PULSE_QUESTION;
import static lodestar.db.schema.Tables.PULSE_RUN;
import static lodestar.db.schema.Tables.PULSE_SERIES;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lodestar.db.schema.tables.records.PulseQuestionRecord;
import lodestar.db.schema.tables.records.PulseSeriesRecord;
import org.jooq.DSLContext;

/** Survey series and their questions. Runs in the caller's transaction. */
final class SeriesRepository {
    private final DSLContext dsl;

    SeriesRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    long insertSeries(
            String teamId,
            String title,
            SeriesDraft draft,
            List<Question> questions,
            String createdBy,
            Instant nextOpenAt,
            Instant now) {
        long id = dsl.insertInto(PULSE_SERIES)
                .set(PULSE_SERIES.TEAM_ID, teamId)
                .set(PULSE_SERIES.TITLE, title)
                .set(PULSE_SERIES.TEMPLATE, draft.template().orElseThrow().code())
                .set(PULSE_SERIES.AUDIENCE_KIND, draft.audience().orElseThrow().code())
                .set(PULSE_SERIES.AUDIENCE_ID, draft.audienceId().orElseThrow())
                .set(PULSE_SERIES.ANONYMOUS, draft.anonymous())
                .set(PULSE_SERIES.MIN_GROUP, draft.minGroup())
                .set(PULSE_SERIES.OPEN_DAYS, draft.openDays())
                .set(PULSE_SERIES.RECURRENCE, draft.recurrence().code())
                .set(PULSE_SERIES.LOCAL_TIME, nextOpenAt.atZone(draft.zone()).toLocalTime())
                .set(PULSE_SERIES.ZONE, draft.zone().getId())
                .set(PULSE_SERIES.NEXT_OPEN_AT, utc(nextOpenAt))
                .set(PULSE_SERIES.CREATED_BY, createdBy)
                .set(PULSE_SERIES.CREATED_AT, utc(now))
                .returning(PULSE_SERIES.ID)
                .fetchSingle(PULSE_SERIES.ID);
        for (Question question : questions) {
            dsl.insertInto(PULSE_QUESTION)
                    .set(PULSE_QUESTION.SERIES_ID, id)
                    .set(PULSE_QUESTION.TEAM_ID, teamId)
                    .set(PULSE_QUESTION.POSITION, question.position())
                    .set(PULSE_QUESTION.KIND, question.kind().code())
                    .set(PULSE_QUESTION.TEXT, question.text())
                    .set(PULSE_QUESTION.OPTIONS, question.options().toArray(String[]::new))
                    .set(PULSE_QUESTION.BELIEF, question.belief())
                    .execute();
        }
        return id;
    }

    Optional<Series> series(String teamId, long id) {
        return dsl.selectFrom(PULSE_SERIES)
                .where(PULSE_SERIES.TEAM_ID.eq(teamId), PULSE_SERIES.ID.eq(id))
                .fetchOptional()
                .map(this::toSeries);
    }

    /** The series of a run; none when the run is gone (its workspace's surveys deleted meanwhile). */
    Optional<Series> ofRun(long runId) {
        return dsl.select(PULSE_RUN.TEAM_ID, PULSE_RUN.SERIES_ID)
                .from(PULSE_RUN)
                .where(PULSE_RUN.ID.eq(runId))
                .fetchOptional()
                .flatMap(r -> series(r.value1(), r.value2()));
    }

    List<Series> seriesOf(String teamId) {
        return dsl.selectFrom(PULSE_SERIES)
                .where(PULSE_SERIES.TEAM_ID.eq(teamId))
                .orderBy(PULSE_SERIES.ID.desc())
                .limit(20)
                .fetch(this::toSeries);
    }

    /** Series whose next run opens before {@code before}, locked so that one instance creates each run. */
    List<Series> dueSeries(Instant before) {
        return dsl.selectFrom(PULSE_SERIES)
                .where(PULSE_SERIES.NEXT_OPEN_AT.le(utc(before)), PULSE_SERIES.PAUSED.isFalse())
                .forUpdate()
                .skipLocked()
                .fetch(this::toSeries);
    }

    Optional<Instant> nextOpenAt(long seriesId) {
        return dsl.select(PULSE_SERIES.NEXT_OPEN_AT)
                .from(PULSE_SERIES)
                .where(PULSE_SERIES.ID.eq(seriesId))
                .fetchOptional(PULSE_SERIES.NEXT_OPEN_AT)
                .map(OffsetDateTime::toInstant);
    }

    void setNextOpenAt(long seriesId, Instant next) {
        dsl.update(PULSE_SERIES)
                .set(PULSE_SERIES.NEXT_OPEN_AT, next == null ? null : utc(next))
                .where(PULSE_SERIES.ID.eq(seriesId))
                .execute();
    }

    void setPaused(long seriesId, boolean paused) {
        dsl.update(PULSE_SERIES)
                .set(PULSE_SERIES.PAUSED, paused)
                .where(PULSE_SERIES.ID.eq(seriesId))
                .execute();
    }

    /** Several series with their questions, in two queries. */
    Map<Long, Series> seriesByIds(String teamId, Collection<Long> ids) {
        var questions = dsl.selectFrom(PULSE_QUESTION)
                .where(PULSE_QUESTION.SERIES_ID.in(ids))
                .orderBy(PULSE_QUESTION.POSITION)
                .fetchGroups(PULSE_QUESTION.SERIES_ID, SeriesRepository::toQuestion);
        Map<Long, Series> series = new HashMap<>();
        dsl.selectFrom(PULSE_SERIES)
                .where(PULSE_SERIES.TEAM_ID.eq(teamId), PULSE_SERIES.ID.in(ids))
                .forEach(r -> series.put(r.getId(), toSeries(r, questions.getOrDefault(r.getId(), List.of()))));
        return series;
    }

    private Series toSeries(PulseSeriesRecord r) {
        return toSeries(
                r,
                dsl.selectFrom(PULSE_QUESTION)
                        .where(PULSE_QUESTION.SERIES_ID.eq(r.getId()))
                        .orderBy(PULSE_QUESTION.POSITION)
                        .fetch(SeriesRepository::toQuestion));
    }

    private static Question toQuestion(PulseQuestionRecord q) {
        return new Question(
                q.getPosition(),
                Question.Kind.valueOf(q.getKind().toUpperCase(Locale.ROOT)),
                q.getText(),
                Arrays.asList(q.getOptions()),
                q.getBelief());
    }

    private static Series toSeries(PulseSeriesRecord r, List<Question> questions) {
        return new Series(
                r.getId(),
                r.getTeamId(),
                r.getTitle(),
                Template.valueOf(r.getTemplate().toUpperCase(Locale.ROOT)),
                Series.Audience.valueOf(r.getAudienceKind().toUpperCase(Locale.ROOT)),
                r.getAudienceId(),
                r.getAnonymous(),
                r.getMinGroup(),
                r.getOpenDays(),
                Recurrence.valueOf(r.getRecurrence().toUpperCase(Locale.ROOT)),
                r.getLocalTime(),
                ZoneId.of(r.getZone()),
                r.getPaused(),
                r.getCreatedBy(),
                questions);
    }
}
