package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the Pulse trust tests share: the database as an adversary sees it, someone with full access (every table, every
 * column, every transaction id, the raw files of every table and index) but not the server secret. Five people answer
 * a survey with a score and a comment, each through Slack as they would. The bot is started once for each test class
 * that extends this one (as {@link Harness} does for any class that registers it).
 */
abstract class PulseTrustFixture {
    @RegisterExtension
    static final Harness harness = new Harness();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = "C0TRUST";
    static final int[] SCORES = {9, 10, 3, 7, 10};

    static DSLContext dsl() {
        return TestDatabase.get().database().dsl();
    }

    static String commentOf(int person) {
        return "Our onboarding hides the pricing page, said marmalade-" + person + "-quokka";
    }

    static Run answeredByEveryone(List<String> people) {
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

    static void comment(String person, Run run, int position, String text) {
        var state = JSON.createObjectNode();
        state.putObject("comment").putObject("comment").put("value", text);
        harness.send().viewSubmission(person, "pulse_comment_modal", "VC", run.id() + ":" + position, state);
    }

    static Series create(boolean anonymous, int minGroup) {
        var draft = new SeriesDraft(
                Optional.of(Template.CUSTOM),
                "scale: How likely are you to recommend working here to a friend?\ncomment: What should we change?",
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

    static List<String> people(int count) {
        List<String> ids = IntStream.range(0, count)
                .mapToObj(i -> String.format("U0T%03d", i))
                .toList();
        ids.forEach(id -> harness.slack().addUser(id, u -> {}));
        return ids;
    }

    static List<String> tables() {
        return dsl()
                .fetchValues("select tablename from pg_tables where schemaname = 'public' order by tablename")
                .stream()
                .map(String::valueOf)
                .toList();
    }

    /** Every row of every table, as JSON (bytea as hex). */
    static String dump() {
        var dump = new StringBuilder();
        for (String table : tables()) {
            dsl().fetch("select row_to_json(t)::text from " + table + " t")
                    .forEach(
                            r -> dump.append(table).append(' ').append(r.get(0)).append('\n'));
        }
        return dump.toString();
    }

    /** The files of every relation of the schema (tables, indexes, TOAST), as they are on disk now. */
    static List<byte[]> rawFiles() throws IOException {
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

    static boolean contains(List<byte[]> files, byte[] needle) {
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
}
