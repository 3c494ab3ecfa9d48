import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step (run by Maven in generate-sources): migrates a throwaway embedded PostgreSQL with
 * migrations/ and generates the jOOQ classes from it, so the generated code always matches the SQL.
 *
 * <p>Usage: {@code java -cp <test classpath> GenerateJooq.java <migrations dir> <output dir>}
 */
public class GenerateJooq {
    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int migrated = Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate()
                    .migrationsExecuted;
            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc()
                            .withDriver("org.postgresql.Driver")
                            .withUrl(postgres.getJdbcUrl("postgres", "postgres"))
                            .withUser("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    // Quartz owns its tables; Flyway owns its history.
                                    .withExcludes("qrtz_.* | flyway_schema_history"))
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withJavaTimeTypes(true)
                                    .withGeneratedAnnotation(false))
                            .withTarget(new Target()
                                    .withPackageName("lodestar.db.schema")
                                    .withDirectory(output.toString()))));
            // The build's one line from this step: its logging is at WARN (src/build/logback.xml).
            try (Stream<Path> tables = Files.list(output.resolve("lodestar/db/schema/tables"))) {
                System.out.println("Generated jOOQ classes for "
                        + tables.filter(file -> file.toString().endsWith(".java"))
                                .count() + " tables from " + migrated + " migrations in " + output);
            }
        }
    }
}
