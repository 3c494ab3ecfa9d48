package lodestar.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import lodestar.recognition.KudosLedger;
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

    /** The text as a spreadsheet shows it, never as a formula. */
    static String cell(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
