package lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lodestar.db.schema.Tables;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar lodestar.jar import-quotes --team T123 quotes.csv}, against the test database. */
class ImportQuotesTest {
    private static final String TEAM = "T0IMPORT";
    private static final String HEADER = "text,sentiment,author,source,tags,date\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void workspace() {
        TestDatabase.get().truncate();
        TestDatabase.get()
                .database()
                .dsl()
                .insertInto(Tables.WORKSPACE, Tables.WORKSPACE.TEAM_ID)
                .values(TEAM)
                .execute();
    }

    private int run(String csv, String team) throws Exception {
        Path file = dir.resolve("quotes.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return runFile(file, team);
    }

    private int runFile(Path file, String team) {
        var db = TestDatabase.get().url();
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
        return ImportQuotes.run(
                List.of("--team", team, file.toString()),
                Map.of("DATABASE_URL", url),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static int quotes() {
        return TestDatabase.get().database().dsl().fetchCount(Tables.QUOTE);
    }

    @Test
    void goodFile_isImported_withQuotedCommasAndNewlines_andDuplicatesSkipped() throws Exception {
        String csv = HEADER
                + "\"Your support engineer stayed on the call until our payroll run went through, so we renewed.\","
                + "praise,\"operations lead, logistics company\",https://support.example/t/1,\"support;renewal\",2026-11-02\n"
                + "\"I had to explain my problem\nthree times.\",critique,clinic administrator,NPS comment,,\n"
                + "\"I had to explain my problem\nthree times.\",critique,clinic administrator,NPS comment,,\n";

        int code = run(csv, TEAM);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Imported 2 quotes into " + TEAM, "1 exact duplicates skipped");
        assertThat(quotes()).isEqualTo(2);
        var first = TestDatabase.get()
                .database()
                .dsl()
                .selectFrom(Tables.QUOTE)
                .orderBy(Tables.QUOTE.ID)
                .fetch()
                .get(0);
        assertThat(first.getAuthor()).isEqualTo("operations lead, logistics company");
        assertThat(first.getTags()).containsExactly("support", "renewal");

        assertThat(run(csv, TEAM)).isZero();
        assertThat(quotes()).isEqualTo(2);
    }

    @Test
    void fileWithBadRows_isRefusedWhole_withLineNumbers() throws Exception {
        String csv = HEADER
                + "The new export saved my team a full day.,praise,finance manager,,,\n"
                + "\"A quote\nover two lines\",meh,someone,,,\n"
                + ",critique,office manager,,,\n"
                + "Cancelling took a phone call.,critique,designer,,,31/12/2026\n";

        int code = run(csv, TEAM);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "Nothing was imported",
                        "line 3: sentiment: must be praise or critique, not 'meh'",
                        "line 5: text: Paste what the customer said.",
                        "line 6: date: use YYYY-MM-DD");
        assertThat(quotes()).isZero();
    }

    @Test
    void excelBomAndBlankLines_areIgnored_andLineNumbersStayTrue() throws Exception {
        String csv = "\uFEFF" + HEADER.replace("\n", "\r\n")
                + "\r\n"
                + "The new export saved my team a full day.,praise,finance manager,,,\r\n"
                + "   \r\n"
                + "\"Cancelling took\r\na phone call.\",critique,designer,,,\r\n"
                + "\r\n";

        assertThat(run(csv, TEAM)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Imported 2 quotes");
        assertThat(quotes()).isEqualTo(2);

        assertThat(run(HEADER + "\n\nGreat,meh,,,,\n", TEAM)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 4: sentiment: must be praise or critique");
    }

    @Test
    void notUtf8_isRefusedWithAClearMessage_andNothingStored() throws Exception {
        Path file = dir.resolve("quotes.csv");
        Files.write(file, (HEADER + "Caf\u00e9 staff were great,praise,,,,\n").getBytes(StandardCharsets.ISO_8859_1));

        int code = runFile(file, TEAM);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Nothing was imported", "not UTF-8", "CSV UTF-8");
        assertThat(quotes()).isZero();
    }

    @Test
    void unterminatedQuote_isRefusedWithAClearMessage_andNothingStored() throws Exception {
        String csv = HEADER
                + "The new export saved my team a full day.,praise,,,,\n"
                + "\"I had to explain my problem three times.,critique,,,,\n"
                + "Cancelling took a phone call.,critique,,,,\n";

        assertThat(run(csv, TEAM)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Nothing was imported", "after line 2: a quoted field is never closed");
        assertThat(quotes()).isZero();
    }

    @Test
    void wrongHeader_isRefused() throws Exception {
        assertThat(run("quote,kind\nHello,praise\n", TEAM)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 1: the header must be exactly");
        assertThat(quotes()).isZero();
    }

    @Test
    void unknownWorkspace_isRefused() throws Exception {
        assertThat(run(HEADER + "Great,praise,,,,\n", "T0NOBODY")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has not used Lodestar yet");
        assertThat(quotes()).isZero();
    }

    @Test
    void unreachableDatabase_isOneLineSayingWhatToDo() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path file = Files.writeString(dir.resolve("quotes.csv"), HEADER, StandardCharsets.UTF_8);

        int code = ImportQuotes.run(
                List.of("--team", TEAM, file.toString()),
                Map.of("DATABASE_URL", "postgres://bot:pw@localhost:" + closedPort + "/lodestar"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .startsWith("lodestar: Could not reach PostgreSQL at localhost:" + closedPort)
                .endsWith("Nothing was imported.")
                .doesNotContain("\n");
    }

    @Test
    void malformedDatabaseUrl_isOneLineNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("quotes.csv"), HEADER, StandardCharsets.UTF_8);

        int code = ImportQuotes.run(
                List.of("--team", TEAM, file.toString()),
                Map.of("DATABASE_URL", "jdbc:postgresql:// bad url"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("lodestar: DATABASE_URL must look like");
    }

    @Test
    void badArguments_printUsage() throws Exception {
        assertThat(ImportQuotes.run(List.of("quotes.csv"), Map.of(), new PrintStream(out), new PrintStream(err)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("import-quotes --team T123 quotes.csv")
                .doesNotContainPattern("[^\\x00-\\x7F]"); // a console without a UTF-8 locale shows '?'
    }
}
