package lodestar.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import lodestar.Config;
import lodestar.db.Database;
import org.jooq.impl.DSL;

/**
 * One embedded PostgreSQL for the whole test run, migrated once; {@link #truncate()} empties the
 * application's tables before each test.
 */
public final class TestDatabase {
    private static TestDatabase instance;

    private final EmbeddedPostgres postgres;
    private final Database database;
    private final List<String> applicationTables;

    private TestDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        database = Database.connect(url(postgres));
        applicationTables = database.dsl()
                .fetch("select tablename from pg_tables where schemaname = 'public'"
                        + " and tablename not like 'qrtz%' and tablename <> 'flyway_schema_history'")
                .getValues(0, String.class);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            database.close();
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            try {
                instance = new TestDatabase();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the test PostgreSQL", e);
            }
        }
        return instance;
    }

    public Config.DatabaseUrl url() {
        return url(postgres);
    }

    /**
     * A new, empty database (no migrations) on the same server, dropped first if a test left one by that name:
     * for tests that migrate step by step.
     */
    public Config.DatabaseUrl emptyDatabase(String name) {
        database.dsl().execute("DROP DATABASE IF EXISTS " + DSL.quotedName(name));
        database.dsl().execute("CREATE DATABASE " + DSL.quotedName(name));
        return new Config.DatabaseUrl(postgres.getJdbcUrl("postgres", name), "postgres", null);
    }

    /** Migrates {@code schema} of the test database (created if missing) up to version {@code target}, no further. */
    public void migrate(String schema, String target) {
        org.flywaydb.core.Flyway.configure()
                .dataSource(database.dataSource())
                .schemas(schema)
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }

    public Database database() {
        return database;
    }

    /** Empties every application table and every scheduled job; fails loudly if it cannot. */
    public void truncate() {
        database.dsl().execute("TRUNCATE qrtz_job_details, qrtz_fired_triggers CASCADE");
        database.dsl()
                .execute("TRUNCATE "
                        + String.join(
                                ", ",
                                applicationTables.stream()
                                        .map(DSL::quotedName)
                                        .map(Object::toString)
                                        .toList())
                        + " RESTART IDENTITY CASCADE");
    }

    private static Config.DatabaseUrl url(EmbeddedPostgres postgres) {
        return new Config.DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }
}
