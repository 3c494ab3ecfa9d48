package lodestar.digest;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import lodestar.Config;
import lodestar.db.Database;
import lodestar.delivery.SlackLimits;
import lodestar.pulse.PulseService;
import lodestar.quotes.QuoteService;
import lodestar.recognition.RecognitionService;
import lodestar.schedule.Scheduler;
import lodestar.secret.ServerSecret;
import lodestar.slack.SlackUsers;
import lodestar.testing.Harness;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/**
 * How long one digest takes to compute on a large workspace: 20,000 members, 1,000,000 kudos over two years (one in
 * 97 withdrawn), 500 quotes and 50 pulse runs, on an embedded PostgreSQL. Reported in milliseconds and as a ratio to a baseline
 * measured in the same run (one indexed count of a week's kudos), so that runs on different machines compare.
 *
 * <pre>mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test && java -cp target/classes:target/test-classes:$(cat target/cp.txt) lodestar.digest.DigestBenchmark</pre>
 */
public final class DigestBenchmark {
    public static final String TEAM = "T0BENCH";
    public static final Instant END = Instant.parse("2026-11-23T09:00:00Z");

    public static void main(String[] args) throws Exception {
        try (var postgres = EmbeddedPostgres.builder().start();
                var database = Database.connect(
                        new Config.DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null));
                var scheduler = Scheduler.create(database.dataSource())) {
            long started = System.nanoTime();
            seed(database.dsl());
            System.out.printf("seeded in %.1f s%n", (System.nanoTime() - started) / 1e9);

            var clock = Clock.fixed(END, ZoneOffset.UTC);
            var workspace = new WorkspaceService(database.dsl(), SlackUsers.offline(), clock);
            var digests = new DigestService(
                    workspace,
                    new RecognitionService(
                            database.dsl(), workspace, SlackUsers.offline(), SlackLimits.unpaced(), clock),
                    new QuoteService(database.dsl(), workspace, scheduler, clock),
                    new PulseService(database.dsl(), workspace, clock, ServerSecret.of(Harness.SERVER_SECRET)));
            var dsl = database.dsl();
            Supplier<Object> baseline = () -> dsl.fetchValue(
                    "select count(*) from kudos where team_id = ? and given_at >= ?::timestamptz and given_at < ?::timestamptz",
                    TEAM,
                    END.minusSeconds(7 * 86400).atOffset(ZoneOffset.UTC),
                    END.atOffset(ZoneOffset.UTC));
            Supplier<Object> digest = () -> digests.compute(TEAM, END, ZoneOffset.UTC);

            double baselineMs = median(baseline, 5, 30);
            double digestMs = median(digest, 3, 10);
            var sample = digests.compute(TEAM, END, ZoneOffset.UTC);
            System.out.printf(
                    "one digest: %.0f ms (median of 10); baseline (a week's kudos counted): %.2f ms;"
                            + " ratio %.0fx%n",
                    digestMs, baselineMs, digestMs / baselineMs);
            System.out.printf(
                    "sample: %d kudos this week, giving participation %.1f%%, index %s%n",
                    sample.now().kudos(),
                    sample.now().givingParticipation().orElse(0.0),
                    sample.now().index().value().map(String::valueOf).orElse("n/a"));
        }
    }

    static double median(Supplier<Object> work, int warmups, int runs) {
        for (int i = 0; i < warmups; i++) {
            work.get();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }

    /** The benchmark's workspace: 20,000 members, 1,000,000 kudos over two years, quotes and pulse runs. */
    public static void seed(DSLContext dsl) {
        dsl.execute(
                "insert into workspace (team_id, mission) values (?, 'We exist so that customers never wait.')", TEAM);
        dsl.execute(
                "insert into cx_value (team_id, name, description) select ?, 'value-' || v, 'A value'"
                        + " from generate_series(1, 8) v",
                TEAM);
        dsl.execute(
                "insert into workspace_member (team_id, user_id, refreshed_at) select ?, 'U' || lpad(m::text, 5, '0'),"
                        + " now() from generate_series(0, 19999) m",
                TEAM);
        dsl.execute(
                "insert into workspace_role (team_id, role, user_id, added_by) select ?, 'leader',"
                        + " 'U' || lpad(m::text, 5, '0'), 'U00000' from generate_series(0, 19) m",
                TEAM);
        // 1,000,000 kudos over two years, each with a recipient and a value; leaders give 5% of them.
        dsl.execute(
                "insert into kudos (team_id, giver_id, by_leader, reason, customer_impact, idempotency_key, given_at,"
                        + " post_channel_id, post_ts)"
                        + " select ?, 'U' || lpad((random() * 19999)::int::text, 5, '0'), random() < 0.05,"
                        + " 'Helped a customer through their outage', case when random() < 0.1 then 'Renewed' end, 'bench-' || k,"
                        + " ?::timestamptz - random() * interval '728 days', 'C0KUDOS', k::text || '.000100'"
                        + " from generate_series(1, 1000000) k",
                TEAM,
                END.atOffset(ZoneOffset.UTC));
        dsl.execute("insert into kudos_recipient (kudos_id, team_id, user_id, given_at) select id, team_id,"
                + " 'U' || lpad((random() * 19999)::int::text, 5, '0'), given_at from kudos");
        dsl.execute("insert into kudos_value (kudos_id, team_id, value_name, given_at) select id, team_id,"
                + " 'value-' || (1 + (id % 8)), given_at from kudos");
        dsl.execute(
                "insert into kudos_reaction (kudos_id, team_id, user_id, reaction) select id, team_id, 'U00001', 'tada' from kudos"
                        + " where id % 3 = 0");
        // About one in a hundred withdrawn (undone by its giver), which every figure leaves out.
        dsl.execute("update kudos set withdrawn_at = given_at + interval '1 minute', withdrawn_by = giver_id,"
                + " withdrawal = 'undo' where id % 97 = 0");
        // 500 quotes, two years of daily posts, with reactions and replies.
        dsl.execute(
                "insert into quote (team_id, text, sentiment, added_by, added_at, owner_id)"
                        + " select ?, 'What a customer said ' || q, case when q % 2 = 0 then 'praise' else 'critique' end,"
                        + " 'U00000', now(), case when q % 4 = 1 then 'U00002' end from generate_series(1, 500) q",
                TEAM);
        dsl.execute(
                "insert into quote_post (team_id, channel_id, quote_id, sentiment, rotation, scheduled_for, posted_at,"
                        + " post_ts) select ?, 'C0DAILY', q.id, q.sentiment, 1 + d / 500, (?::timestamptz - d * interval '1 day')::date,"
                        + " ?::timestamptz - d * interval '1 day', 'p' || d from generate_series(0, 729) d"
                        + " join quote q on q.id = (select min(id) from quote) + d % 500",
                TEAM, END.atOffset(ZoneOffset.UTC), END.atOffset(ZoneOffset.UTC));
        dsl.execute(
                "insert into quote_reaction (post_id, team_id, user_id, reaction) select id, team_id, 'U00003', 'clap'"
                        + " from quote_post");
        // 50 weekly eNPS runs, closed, 200 answers each.
        dsl.execute(
                "insert into pulse_series (team_id, title, template, audience_kind, audience_id, anonymous, min_group,"
                        + " open_days, recurrence, local_time, zone, created_by, created_at) values (?, 'eNPS', 'enps', 'channel',"
                        + " 'C0ALL', true, 5, 3, 'weekly', '09:00', 'UTC', 'U00000', now())",
                TEAM);
        dsl.execute(
                "insert into pulse_question (series_id, team_id, position, kind, text) select id, team_id, 1, 'scale10', 'Recommend?'"
                        + " from pulse_series");
        dsl.execute(
                "insert into pulse_run (series_id, team_id, opens_at, closes_at, remind_at, closed_at)"
                        + " select s.id, ?, ?::timestamptz - r * interval '7 days' - interval '3 days',"
                        + " ?::timestamptz - r * interval '7 days', ?::timestamptz - r * interval '7 days',"
                        + " ?::timestamptz - r * interval '7 days' from pulse_series s, generate_series(1, 50) r",
                TEAM,
                END.atOffset(ZoneOffset.UTC),
                END.atOffset(ZoneOffset.UTC),
                END.atOffset(ZoneOffset.UTC),
                END.atOffset(ZoneOffset.UTC));
        dsl.execute(
                "insert into pulse_recipient (run_id, team_id, user_id) select r.id, r.team_id, 'U' || lpad(m::text, 5, '0')"
                        + " from pulse_run r, generate_series(0, 249) m");
        // Counted at close: 200 answers per run, spread over the scale.
        dsl.execute("update pulse_run set respondents = 200, tallied_at = closed_at");
        dsl.execute("insert into pulse_tally (run_id, team_id, position, value, count) select r.id, r.team_id, 1, v,"
                + " case when v = 10 then 20 else 18 end from pulse_run r, generate_series(0, 10) v");
        // A live database is vacuumed by autovacuum; a freshly seeded one is not yet, so index-only scans would visit
        // the table and the figure would depend on when autovacuum happened to run. Vacuumed twice: the first pass,
        // right after the inserts, leaves the pages of the kudos' recipients, values and reactions not all-visible
        // (pg_class.relallvisible 0, every period's read going to the heap); the second marks them.
        dsl.execute("vacuum analyze");
        dsl.execute("vacuum");
    }
}
