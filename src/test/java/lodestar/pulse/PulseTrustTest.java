package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database as an adversary sees it: someone with full access (every table, every column, every transaction id,
 * the raw files of every table and index) but not the server secret. Five people answer a survey with a score and a
 * comment, each through Slack as they would.
 */
class PulseTrustTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = "C0TRUST";
    private static final int[] SCORES = {9, 10, 3, 7, 10};

    private static DSLContext dsl() {
        return TestDatabase.get().database().dsl();
    }

    private static String commentOf(int person) {
        return "Our onboarding hides the pricing page, said marmalade-" + person + "-quokka";
    }

    @Test
    void whileOpen_theDatabaseShowsNoScoreOrComment_andLinksNoAnswerToAnyone() throws Exception {
        var people = people(5);
        var run = answeredByEveryone(people);

        // ANALYZE (autovacuum runs it when it likes) copies no sample of the answers into pg_statistic, where they
        // would
        // outlive the answers themselves.
        dsl().execute("analyze pulse_answer");
        assertThat(dsl().fetchCount(dsl().select()
                        .from("pg_stats")
                        .where("tablename = 'pulse_answer' and attname in ('answer_key', 'sealed')")))
                .isZero();

        // Every table, every column: no comment, in text or as bytes.
        var dump = dump();
        for (int i = 0; i < people.size(); i++) {
            assertThat(dump).doesNotContain("marmalade-" + i, hex("marmalade-" + i));
        }
        // The raw files of every table, index and TOAST table: no comment either.
        var files = rawFiles();
        assertThat(contains(files, "U0T000".getBytes(StandardCharsets.UTF_8)))
                .as("the scan finds what is there: who was asked")
                .isTrue();
        for (int i = 0; i < people.size(); i++) {
            assertThat(contains(files, ("marmalade-" + i).getBytes(StandardCharsets.UTF_8)))
                    .as("a raw file holds comment " + i)
                    .isFalse();
        }
        // An answer is five columns: which run, workspace and question, a key and a sealed value. No time, no order.
        assertThat(dsl()
                        .fetchValues("select column_name from information_schema.columns where table_name ="
                                + " 'pulse_answer' order by ordinal_position")
                        .stream()
                        .map(String::valueOf))
                .containsExactly("run_id", "team_id", "position", "answer_key", "sealed");
        var answers = dsl().selectFrom(Tables.PULSE_ANSWER).fetch();
        assertThat(answers).hasSize(10);
        // Every score seals to the same length, so the length tells nothing of the score.
        assertThat(answers.stream()
                        .filter(a -> a.getPosition() == 1)
                        .map(a -> a.getSealed().length)
                        .distinct())
                .hasSize(1);
        // No value in the whole database is the key that turns a user id into an answer key.
        var keys = answers.stream().map(a -> a.getAnswerKey()).collect(java.util.stream.Collectors.toSet());
        for (byte[] candidate : candidateKeys()) {
            for (String person : people) {
                assertThat(keys).doesNotContain(hmac(candidate, person));
            }
        }
        // Nothing written in or near an answer's transaction names a person: no row ties an answer to anyone.
        var answerTransactions = dsl().fetchValues("select xmin::text::bigint from pulse_answer");
        long first = answerTransactions.stream()
                .mapToLong(x -> ((Number) x).longValue())
                .min()
                .orElseThrow();
        long last = answerTransactions.stream()
                .mapToLong(x -> ((Number) x).longValue())
                .max()
                .orElseThrow();
        for (String table : tables()) {
            if (table.equals("pulse_answer")) {
                continue;
            }
            var near = dsl().fetch(
                            "select row_to_json(t)::text as row from " + table + " t where xmin::text::bigint"
                                    + " between ? and ?",
                            first - 2,
                            last + 2)
                    .getValues("row", String.class);
            for (String row : near) {
                for (String person : people) {
                    assertThat(row)
                            .as("%s, written while people answered", table)
                            .doesNotContain(person);
                }
            }
        }
        // With the secret, the server reads them back: what it will count at close.
        var seal = AnswerSeal.of(lodestar.secret.ServerSecret.of(Harness.SERVER_SECRET), FakeSlack.TEAM, run.id());
        for (int i = 0; i < people.size(); i++) {
            var key = seal.key(people.get(i));
            var sealed = dsl().select(Tables.PULSE_ANSWER.SEALED)
                    .from(Tables.PULSE_ANSWER)
                    .where(Tables.PULSE_ANSWER.ANSWER_KEY.eq(key), Tables.PULSE_ANSWER.POSITION.eq(1))
                    .fetchSingle(Tables.PULSE_ANSWER.SEALED);
            assertThat(seal.open(1, key, sealed)).contains(new AnswerSeal.Answer(SCORES[i], null));
            // Sealed under one person's key or question, it does not open under another's.
            assertThat(seal.open(2, key, sealed)).isEmpty();
            assertThat(seal.open(1, seal.key(people.get((i + 1) % 5)), sealed)).isEmpty();
        }
    }

    @Test
    void afterClose_noRowKeyOrOldRowVersionRemains_andTheTalliesAreWhatWasAnswered() throws Exception {
        var people = people(5);
        var run = answeredByEveryone(people);
        var keys = dsl().fetchValues(Tables.PULSE_ANSWER.ANSWER_KEY);

        harness.clock().set(run.closesAt().plusSeconds(60));
        harness.app().pulse().tick();

        assertThat(dsl().fetchCount(Tables.PULSE_ANSWER)).isZero();
        assertThat(dsl().fetchCount(Tables.PULSE_ANSWER_V7) + dsl().fetchCount(Tables.PULSE_PARTICIPATION_V7))
                .isZero();
        assertThat(dsl().select(Tables.PULSE_TALLY.VALUE, Tables.PULSE_TALLY.COUNT)
                        .from(Tables.PULSE_TALLY)
                        .fetchMap(Tables.PULSE_TALLY.VALUE, Tables.PULSE_TALLY.COUNT))
                .isEqualTo(Map.of(3, 1, 7, 1, 9, 1, 10, 2));
        assertThat(dsl().fetchValues(Tables.PULSE_COMMENT.TEXT))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 5)
                        .mapToObj(PulseTrustTest::commentOf)
                        .toList());
        assertThat(dsl().fetchValues(Tables.PULSE_COMMENT.AUTHOR)).containsOnlyNulls();
        assertThat(dsl().selectFrom(Tables.PULSE_RUN).fetchSingle().getRespondents())
                .isEqualTo(5);
        // No key is left anywhere: not in a row, and not in an old row version in the files of any table or index.
        var dump = dump();
        var files = rawFiles();
        assertThat(contains(files, "marmalade-0".getBytes(StandardCharsets.UTF_8)))
                .as("the scan finds what is there: the comments, kept as results")
                .isTrue();
        for (String key : keys) {
            assertThat(dump).doesNotContain(key);
            assertThat(contains(files, key.getBytes(StandardCharsets.UTF_8)))
                    .as("a raw file still holds an answer key")
                    .isFalse();
        }
        // What the channel is told is the tallies: eNPS from 3 promoters and 1 detractor of 5 is +40.
        var posted = FakeSlack.allText(harness.slack()
                .calls("chat.postMessage")
                .get(harness.slack().calls("chat.postMessage").size() - 1)
                .params());
        assertThat(posted).contains("eNPS +40", "5 of 5");
    }

    @Test
    void aSurveyThatSaysItIsNotAnonymous_showsWhoWroteEachComment() {
        var people = people(3);
        harness.slack().setMembers(CHANNEL, people);
        var series = create(false, 3);
        harness.app().pulse().tick();
        var run = harness.app().pulse().service().runs(series.id()).get(0);
        for (String person : people) {
            comment(person, run, 2, "Named comment by " + person);
        }

        harness.clock().set(run.closesAt().plusSeconds(60));
        harness.app().pulse().tick();

        var posted = FakeSlack.allText(harness.slack()
                .calls("chat.postMessage")
                .get(harness.slack().calls("chat.postMessage").size() - 1)
                .params());
        for (String person : people) {
            assertThat(posted).contains("Named comment by " + person + " — <@" + person + ">");
        }
    }

    private static Run answeredByEveryone(List<String> people) {
        harness.slack().setMembers(CHANNEL, people);
        var series = create(true, 5);
        harness.app().pulse().tick();
        var run = harness.app().pulse().service().runs(series.id()).get(0);
        for (int i = 0; i < people.size(); i++) {
            harness.send()
                    .blockAction(
                            people.get(i), "pulse_answer_1_" + SCORES[i], run.id() + ":1:" + SCORES[i], CHANNEL, "1.1");
            comment(people.get(i), run, 2, commentOf(i));
        }
        assertThat(harness.app().pulse().service().respondents(run.id())).isEqualTo(5);
        return run;
    }

    private static void comment(String person, Run run, int position, String text) {
        var state = JSON.createObjectNode();
        state.putObject("comment").putObject("comment").put("value", text);
        harness.send().viewSubmission(person, "pulse_comment_modal", "VC", run.id() + ":" + position, state);
    }

    private static Series create(boolean anonymous, int minGroup) {
        var draft = new SeriesDraft(
                Optional.of(Template.CUSTOM),
                "scale: Would you recommend working here?\ncomment: What should we change?",
                Optional.of(Series.Audience.CHANNEL),
                Optional.of(CHANNEL),
                anonymous,
                minGroup,
                3,
                Recurrence.ONCE,
                Optional.empty(),
                LocalTime.of(9, 0),
                ZoneId.of("Europe/London"));
        var created = harness.app().pulse().service().create(new Actor(FakeSlack.TEAM, null, ADMIN), draft);
        return ((PulseService.Created.Done) created).series();
    }

    private static List<String> people(int count) {
        List<String> ids = IntStream.range(0, count)
                .mapToObj(i -> String.format("U0T%03d", i))
                .toList();
        ids.forEach(id -> harness.slack().addUser(id, u -> {}));
        return ids;
    }

    private static List<String> tables() {
        return dsl()
                .fetchValues("select tablename from pg_tables where schemaname = 'public' order by tablename")
                .stream()
                .map(String::valueOf)
                .toList();
    }

    /** Every row of every table, as JSON (bytea as hex). */
    private static String dump() {
        var dump = new StringBuilder();
        for (String table : tables()) {
            dsl().fetch("select row_to_json(t)::text from " + table + " t")
                    .forEach(
                            r -> dump.append(table).append(' ').append(r.get(0)).append('\n'));
        }
        return dump.toString();
    }

    /** Every value in the database that could be a key: each text and bytea value of every table. */
    private static Set<byte[]> candidateKeys() {
        Set<byte[]> candidates = new HashSet<>();
        var columns = dsl().fetch("select table_name, column_name, data_type from information_schema.columns where"
                + " table_schema = 'public' and data_type in ('bytea', 'text')");
        for (var column : columns) {
            String sql = "select distinct " + column.get(1) + " from " + column.get(0) + " where " + column.get(1)
                    + " is not null";
            for (var value : dsl().fetch(sql).getValues(0)) {
                candidates.add(
                        value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8));
                if (value instanceof String text && text.matches("[0-9a-f]{32,}")) {
                    candidates.add(HexFormat.of().parseHex(text.length() % 2 == 0 ? text : text + "0"));
                }
            }
        }
        return candidates;
    }

    /** The files of every relation of the schema (tables, indexes, TOAST), as they are on disk now. */
    private static List<byte[]> rawFiles() throws IOException {
        var dataDirectory = Path.of(dsl().fetchValue("show data_directory").toString());
        dsl().execute("checkpoint"); // what the buffers hold reaches the files
        var paths = dsl().fetchValues("select pg_relation_filepath(c.oid) from pg_class c join pg_namespace n on"
                + " n.oid = c.relnamespace where n.nspname in ('public', 'pg_toast') and c.relkind in ('r', 'i', 't')"
                + " and pg_relation_filepath(c.oid) is not null");
        List<byte[]> files = new ArrayList<>();
        for (Object path : paths) {
            var file = dataDirectory.resolve(path.toString());
            if (Files.exists(file)) {
                files.add(Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static boolean contains(List<byte[]> files, byte[] needle) {
        for (byte[] file : files) {
            outer:
            for (int i = 0; i + needle.length <= file.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (file[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(byte[] key, String userId) throws GeneralSecurityException {
        if (key.length == 0) {
            return "";
        }
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
    }
}
