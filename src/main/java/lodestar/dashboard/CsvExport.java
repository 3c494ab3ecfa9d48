package lodestar.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import lodestar.pulse.Results;
import lodestar.pulse.Series;
import lodestar.quotes.QuoteLedger;
import lodestar.recognition.KudosLedger;
import lodestar.slack.SlackText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The dashboard's tables as CSV for a spreadsheet: UTF-8, a header row, and every cell that a spreadsheet would take for
 * a formula (one beginning with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return) prefixed with a
 * quote, so that it shows as the text it is.
 */
final class CsvExport {
    static final List<String> KUDOS_HEADER =
            List.of("kudos", "given at (UTC)", "giver", "recipients", "values", "reason", "customer impact", "link");

    private CsvExport() {}

    /**
     * Writes the CSV to a temporary file first and sends it only once it is complete: a failure part way is a 500,
     * never a shorter file that looks whole, and no database connection waits on a slow download.
     */
    static void send(Context ctx, String filename, Consumer<Writer> write) {
        Path file = null;
        try {
            file = Files.createTempFile("lodestar-export", ".csv");
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                write.accept(out);
            }
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
            ctx.result(Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                file.toFile().delete();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Writes the kudos of [{@code from}, {@code to}) to {@code out}, one row each. */
    static void kudos(KudosLedger ledger, String teamId, Instant from, Instant to, Writer out) {
        try (var csv = new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(KUDOS_HEADER.toArray(String[]::new))
                        .get())) {
            ledger.forEach(teamId, from, to, kudos -> {
                try {
                    csv.printRecord(
                            kudos.id(),
                            kudos.givenAt().toString(),
                            cell(kudos.giverId()),
                            cell(String.join(" ", kudos.recipients())),
                            cell(String.join(
                                    " ",
                                    kudos.values().stream().map(v -> "#" + v).toList())),
                            cell(kudos.reason()),
                            cell(kudos.customerImpact().orElse("")),
                            kudos.link().orElse(""));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final List<String> PULSE_HEADER =
            List.of("series", "closed (UTC)", "sent to", "answered", "response rate %", "question", "result");

    /** Each counted run of each series, one row per question: figures from the tallies, never an answer. */
    static void pulse(List<Map.Entry<Series, List<Results>>> series, Writer out) {
        try (var csv = new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(PULSE_HEADER.toArray(String[]::new))
                        .get())) {
            for (var entry : series) {
                String title = cell(SlackText.plain(entry.getKey().title()));
                for (var results : entry.getValue()) {
                    for (var question : results.questions()) {
                        csv.printRecord(
                                title,
                                results.run().closesAt().toString(),
                                results.audience(),
                                results.respondents(),
                                results.responseRate(),
                                cell(SlackText.plain(question.question().text())),
                                cell(PulseTable.question(results, question)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final List<String> QUOTES_HEADER = List.of(
            "quote",
            "sentiment",
            "text",
            "author as shown",
            "source",
            "tags",
            "heard on",
            "added at (UTC)",
            "archived at (UTC)",
            "times posted",
            "reactions and replies",
            "owner",
            "owned at (UTC)",
            "resolved at (UTC)",
            "resolution");

    /** Every quote of the library, archived ones too, one row each with its engagement and ownership. */
    static void quotes(QuoteLedger ledger, String teamId, Writer out) {
        try (var csv = new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(QUOTES_HEADER.toArray(String[]::new))
                        .get())) {
            ledger.forEach(teamId, quote -> {
                try {
                    csv.printRecord(
                            quote.id(),
                            cell(quote.sentiment().label()),
                            cell(quote.text()),
                            cell(quote.attribution().orElse("")),
                            cell(quote.source().orElse("")),
                            cell(String.join(", ", quote.tags())),
                            quote.heardOn().map(Object::toString).orElse(""),
                            quote.addedAt().toString(),
                            at(quote.archivedAt()),
                            quote.timesPosted(),
                            quote.reactionsAndReplies(),
                            cell(quote.ownerId().orElse("")),
                            at(quote.ownedAt()),
                            at(quote.resolvedAt()),
                            cell(quote.resolution().orElse("")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String at(Optional<Instant> at) {
        return at.map(Instant::toString).orElse("");
    }

    /** The text as a spreadsheet shows it, never as a formula. */
    static String cell(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
