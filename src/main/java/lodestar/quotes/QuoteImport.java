package lodestar.quotes;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.slack.SlackText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jooq.DSLContext;

/**
 * Imports customer quotes from CSV ({@code text,sentiment,author,source,tags,date}; UTF-8; quoted fields may hold
 * commas and newlines). All or nothing: one invalid row refuses the file, with line numbers; exact duplicates
 * (same text, sentiment and author, in the library or earlier in the file) are skipped.
 */
public final class QuoteImport {
    static final List<String> HEADER = List.of("text", "sentiment", "author", "source", "tags", "date");

    /** The outcome of an import. */
    public sealed interface Result {}

    public record Imported(int imported, int duplicatesSkipped) implements Result {}

    /** Nothing was imported; each problem names its line. */
    public record Refused(List<String> problems) implements Result {
        public Refused {
            problems = List.copyOf(problems);
        }
    }

    private record Row(long line, QuoteDraft draft) {}

    private final DSLContext dsl;
    private final Clock clock;

    public QuoteImport(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Reads and imports a whole file into the workspace's library, as added by {@code importedBy}. */
    public Result importCsv(String teamId, String importedBy, Reader csv) {
        List<String> problems = new ArrayList<>();
        List<Row> rows = read(csv, problems);
        for (Row row : rows) {
            row.draft()
                    .problems(clock)
                    .forEach((field, problem) -> problems.add(
                            "line " + row.line() + ": " + field.name().toLowerCase(Locale.ROOT) + ": " + problem));
        }
        if (!problems.isEmpty()) {
            return new Refused(problems);
        }
        if (rows.isEmpty()) {
            return new Refused(List.of("the file has no quotes after its header"));
        }
        return dsl.transactionResult(tx -> {
            var repository = new QuoteRepository(tx.dsl());
            int imported = 0;
            int skipped = 0;
            for (Row row : rows) {
                // a duplicate of a quote in the library, earlier in the file, or added meanwhile
                if (repository
                        .insertUnlessDuplicate(teamId, row.draft(), importedBy, clock.instant())
                        .isPresent()) {
                    imported++;
                } else {
                    skipped++;
                }
            }
            return new Imported(imported, skipped);
        });
    }

    private static List<Row> read(Reader csv, List<String> problems) {
        String content;
        try {
            content = readAll(csv);
        } catch (CharacterCodingException e) {
            problems.add("the file is not UTF-8 text: in Excel, save it as \"CSV UTF-8\", then import it again");
            return List.of();
        } catch (IOException e) {
            problems.add("the file could not be read: " + e.getMessage());
            return List.of();
        }
        // Excel's "CSV UTF-8" starts the file with a byte order mark.
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        var format = CSVFormat.RFC4180
                .builder()
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .get();
        List<Row> rows = new ArrayList<>();
        long line = 1;
        try (CSVParser parser = CSVParser.parse(content, format)) {
            var records = parser.iterator();
            if (!records.hasNext()) {
                problems.add("line 1: the file is empty; the header is " + String.join(",", HEADER));
                return rows;
            }
            var first = records.next();
            line = lineAt(content, first.getCharacterPosition());
            var header = first.toList().stream()
                    .map(h -> h.strip().toLowerCase(Locale.ROOT))
                    .toList();
            if (!header.equals(HEADER)) {
                problems.add("line " + line + ": the header must be exactly " + String.join(",", HEADER));
                return rows;
            }
            while (records.hasNext()) {
                CSVRecord record = records.next();
                line = lineAt(content, record.getCharacterPosition());
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue; // a line of spaces is as empty as an empty line
                }
                if (record.size() != HEADER.size()) {
                    problems.add("line " + line + ": expected " + HEADER.size() + " fields, found " + record.size());
                } else {
                    toDraft(record, line, problems).ifPresent(rows::add);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            problems.add("after line " + line + ": a quoted field is never closed (or a \" inside one is not doubled);"
                    + " check the double quotes there");
        }
        return rows;
    }

    private static String readAll(Reader reader) throws IOException {
        var out = new StringBuilder();
        char[] buffer = new char[8192];
        for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
            out.append(buffer, 0, read);
        }
        return out.toString();
    }

    /**
     * The 1-based line on which a record starts, given where the parser began reading it (before the empty lines
     * it skipped); \n, \r\n and \r end a line.
     */
    private static long lineAt(String content, long position) {
        while (position < content.length()
                && (content.charAt((int) position) == '\n' || content.charAt((int) position) == '\r')) {
            position++;
        }
        long line = 1;
        for (int i = 0; i < position && i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= content.length() || content.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    private static Optional<Row> toDraft(CSVRecord record, long line, List<String> problems) {
        String sentiment = record.get(1);
        var parsedSentiment = Sentiment.parse(sentiment);
        if (parsedSentiment.isEmpty() && !sentiment.isBlank()) {
            problems.add("line " + line + ": sentiment: must be praise or critique, not '" + sentiment + "'");
            return Optional.empty();
        }
        Optional<LocalDate> date = Optional.empty();
        if (!record.get(5).isBlank()) {
            try {
                date = Optional.of(LocalDate.parse(record.get(5).strip()));
            } catch (DateTimeParseException e) {
                problems.add("line " + line + ": date: use YYYY-MM-DD, not '" + record.get(5) + "'");
                return Optional.empty();
            }
        }
        return Optional.of(new Row(
                line,
                new QuoteDraft(
                        SlackText.fromPlain(record.get(0)),
                        parsedSentiment,
                        Optional.of(record.get(2)).map(SlackText::fromPlain),
                        Optional.empty(),
                        Optional.of(record.get(3)).map(SlackText::fromPlain),
                        Arrays.asList(record.get(4).split("[;,]")),
                        date)));
    }
}
