package lodestar;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.db.Database;
import lodestar.db.EmbeddedPostgres;
import lodestar.db.Timestamps;
import lodestar.db.UnusableDatabase;
import lodestar.quotes.QuoteImport;
import lodestar.slack.SlackUsers;
import lodestar.workspace.WorkspaceService;

/**
 * {@code java -jar lodestar.jar import-quotes --team T123 quotes.csv}: imports customer quotes into the bot's
 * database (DATABASE_URL, or the embedded one under LODESTAR_DATA_DIR, also while a bot runs on it).
 */
final class ImportQuotes {
    static final String USAGE = "usage: java -jar lodestar.jar import-quotes --team T123 quotes.csv";

    private ImportQuotes() {}

    /** Runs the import; returns the process's exit code (0 imported, 1 refused, 2 usage). */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.size() != 3 || !args.get(0).equals("--team") || !args.get(1).matches("[TE][A-Z0-9]+")) {
            err.println(USAGE + "\n(the team id, T..., is in your workspace's URL or in the Slack app's settings)");
            return 2;
        }
        String teamId = args.get(1);
        Path file = Path.of(args.get(2));
        if (!Files.isReadable(file)) {
            err.println("lodestar: can't read " + file);
            return 2;
        }
        EmbeddedPostgres started = null;
        Optional<Config.DatabaseUrl> url;
        Path dataDir;
        try {
            dataDir = Config.dataDir(env).resolve("postgres");
            url = Config.database(env);
        } catch (Config.Invalid e) {
            err.println("lodestar: " + e.getMessage());
            return 2;
        }
        url = url.or(() -> EmbeddedPostgres.running(dataDir));
        if (url.isEmpty()) {
            started = EmbeddedPostgres.start(dataDir);
            url = Optional.of(started.url());
        }
        try (var database = Database.connect(url.get());
                var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var clock = Timestamps.clock(Clock.systemUTC());
            if (!new WorkspaceService(database.dsl(), SlackUsers.offline(), clock).exists(teamId)) {
                err.println("lodestar: workspace " + teamId + " has not used Lodestar yet; check the team id, or start"
                        + " the bot once with that workspace's SLACK_BOT_TOKEN (it records its workspace at start)."
                        + " Nothing was imported.");
                return 1;
            }
            var result =
                    new QuoteImport(database.dsl(), clock).importCsv(teamId, "import:" + file.getFileName(), reader);
            if (result instanceof QuoteImport.Imported imported) {
                out.println("Imported " + imported.imported() + " quotes into " + teamId + " ("
                        + imported.duplicatesSkipped() + " exact duplicates skipped).");
                return 0;
            }
            var refused = (QuoteImport.Refused) result;
            err.println("Nothing was imported: fix "
                    + (refused.problems().size() == 1
                            ? "this problem"
                            : "these " + refused.problems().size() + " problems")
                    + " and run the import again.");
            refused.problems().forEach(problem -> err.println("  " + problem));
            return 1;
        } catch (IOException e) {
            err.println("lodestar: can't read " + file + ": " + e.getMessage());
            return 2;
        } catch (UnusableDatabase e) {
            err.println("lodestar: " + e.getMessage() + ". Nothing was imported.");
            return 1;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }
}
