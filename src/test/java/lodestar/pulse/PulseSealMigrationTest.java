package lodestar.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lodestar.db.schema.Tables;
import lodestar.secret.ServerSecret;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upgrade to sealed answers on an installation with plain ones: a database migrated to V19_3 and seeded with a
 * closed run and an open one, then migrated to the latest version and started, as on the day of the upgrade.
 */
class PulseSealMigrationTest {
    private static final String DATABASE = "pulse_seal_migration";
    private static final byte[] OLD_SECRET = "an old per-run secret, 32 bytes!".getBytes(StandardCharsets.UTF_8);

    private lodestar.Config.DatabaseUrl url;
    private CloseableDSLContext db;

    @BeforeEach
    void migrateToV19() {
        url = TestDatabase.get().emptyDatabase(DATABASE);
        flyway().target("19.3").load().migrate();
        db = DSL.using(url.jdbcUrl(), url.user(), url.password());
        db.execute("insert into workspace (team_id) values ('T1')");
        db.execute("insert into pulse_series (team_id, title, template, audience_kind, audience_id, anonymous,"
                + " min_group, open_days, recurrence, local_time, zone, created_by, created_at) values ('T1', 'Pulse',"
                + " 'custom', 'channel', 'C1', true, 3, 3, 'weekly', '09:00', 'UTC', 'UADMIN', now())");
        db.execute("insert into pulse_question (series_id, team_id, position, kind, text) select id, 'T1', 1,"
                + " 'scale10', 'Recommend?' from pulse_series union all select id, 'T1', 2, 'comment', 'Why?' from"
                + " pulse_series");
    }

    @AfterEach
    void dropDatabase() {
        db.close();
        TestDatabase.get().database().dsl().execute("DROP DATABASE " + DSL.quotedName(DATABASE) + " WITH (FORCE)");
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration");
    }

    private long run(String opensAt, boolean closed) {
        Object id = db.fetchValue(
                "insert into pulse_run (series_id, team_id, opens_at, closes_at, remind_at, answer_secret,"
                        + " closed_at) select id, 'T1', ?::timestamptz, ?::timestamptz + interval '3 days',"
                        + " ?::timestamptz + interval '2 days', ?::bytea, ?::timestamptz from pulse_series returning id",
                opensAt,
                opensAt,
                opensAt,
                closed ? null : OLD_SECRET,
                closed ? java.time.OffsetDateTime.parse(opensAt).plusDays(3).toString() : null);
        return ((Number) id).longValue();
    }

    /** An answer as stored before: keyed with the run's secret while open, keyless once closed. */
    private void answer(long run, boolean closed, String user, Integer value, String comment) throws Exception {
        db.execute(
                "insert into pulse_recipient (run_id, team_id, user_id) values (?, 'T1', ?) on conflict do nothing",
                run,
                user);
        db.execute(
                "insert into pulse_participation (run_id, team_id, user_id) values (?, 'T1', ?) on conflict do"
                        + " nothing",
                run,
                user);
        db.execute(
                "insert into pulse_answer (run_id, team_id, position, answer_key, value, comment) values (?, 'T1', ?,"
                        + " ?, ?, ?)",
                run,
                value == null ? 2 : 1,
                closed ? null : oldKey(user),
                value,
                comment);
    }

    private static String oldKey(String user) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(OLD_SECRET, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void closedRunsAreCounted_andTheAnswersOfOpenOnesAreSealedAtStart_withNothingPlainLeft() throws Exception {
        long closed = run("2026-11-02T09:00:00Z", true);
        for (var person : List.of("U1", "U2", "U3", "U4")) {
            answer(closed, true, person, person.equals("U4") ? 2 : 9, null);
        }
        answer(closed, true, "U1", null, "Only one comment: below the minimum group size");
        long open = run("2026-11-23T09:00:00Z", false);
        answer(open, false, "U1", 10, null);
        answer(open, false, "U2", 4, null);
        answer(open, false, "U2", null, "Plain text until the upgrade");

        flyway().load().migrate();

        assertThat(db.select(Tables.PULSE_TALLY.VALUE, Tables.PULSE_TALLY.COUNT)
                        .from(Tables.PULSE_TALLY)
                        .where(Tables.PULSE_TALLY.RUN_ID.eq(closed))
                        .fetchMap(Tables.PULSE_TALLY.VALUE, Tables.PULSE_TALLY.COUNT))
                .isEqualTo(Map.of(2, 1, 9, 3));
        assertThat(db.fetchCount(Tables.PULSE_COMMENT)).isZero();
        assertThat(db.fetchValue("select respondents from pulse_run where id = ?", closed))
                .isEqualTo(4);
        assertThat(db.fetchCount(Tables.PULSE_ANSWER_V7, Tables.PULSE_ANSWER_V7.RUN_ID.eq(closed)))
                .isZero();

        var secret = ServerSecret.of(Harness.SERVER_SECRET);
        new LegacyAnswers(db, secret).seal();

        assertThat(db.fetchCount(Tables.PULSE_ANSWER_V7) + db.fetchCount(Tables.PULSE_PARTICIPATION_V7))
                .isZero();
        assertThat(db.fetchValue("select count(*) from pulse_run where answer_secret is not null"))
                .isEqualTo(0L);
        var seal = AnswerSeal.of(secret, "T1", open);
        var sealed = db.selectFrom(Tables.PULSE_ANSWER).fetch();
        assertThat(sealed).hasSize(3);
        assertThat(sealed.stream()
                        .map(a -> seal.open(a.getPosition(), a.getAnswerKey(), a.getSealed())
                                .orElseThrow())
                        .toList())
                .containsExactlyInAnyOrder(
                        new AnswerSeal.Answer(10, null),
                        new AnswerSeal.Answer(4, null),
                        new AnswerSeal.Answer(null, "Plain text until the upgrade"));
        assertThat(sealed.stream().map(a -> a.getAnswerKey()).distinct())
                .containsExactlyInAnyOrder(seal.key("U1"), seal.key("U2"));
        assertThat(PulseAnswers.respondents(db, open)).isEqualTo(2);

        new LegacyAnswers(db, secret).seal(); // a second start finds nothing to do
        assertThat(db.fetchCount(Tables.PULSE_ANSWER)).isEqualTo(3);
    }
}
